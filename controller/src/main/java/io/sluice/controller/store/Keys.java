package io.sluice.controller.store;

/**
 * A document key as one sortable string: kind, a NUL, then id. Kinds may not contain NUL, so every key of
 * a kind lies between {@code kind + NUL} and {@code kind + 0x01}, and a kind lists as one range scan.
 */
final class Keys {
    private static final char SEPARATOR = '\u0000';

    private Keys() {
    }

    static void check(String kind, String id) {
        if (kind == null || kind.isEmpty() || kind.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("kind must be non-empty and without NUL: " + kind);
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must be non-empty (kind " + kind + ")");
        }
    }

    static String of(String kind, String id) {
        check(kind, id);
        return kind + SEPARATOR + id;
    }

    /** First key of a kind (inclusive). */
    static String lowest(String kind) {
        check(kind, "-");
        return kind + SEPARATOR;
    }

    /** Bound just past the last key of a kind (exclusive). */
    static String beyond(String kind) {
        check(kind, "-");
        return kind + (char) (SEPARATOR + 1);
    }

    static String id(String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1);
    }
}
