package io.sluice.northbound.neutron;

import java.util.Locale;

/** Conversions of query-string values as Neutron's converters make them. */
final class Values {
    private Values() {
    }

    /** neutron_lib's convert_to_boolean: true/false, 1/0, in any case. */
    static boolean toBoolean(String attribute, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw ApiError.invalid(attribute, "'" + value + "' cannot be converted to boolean");
        }
    }
}
