package io.sluice.northbound.keystone;

/** Argument checks shared by the identity records. */
final class Checks {
    private Checks() {
    }

    static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
