package io.sluice.northbound.neutron;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a collection's list queries may name: the attributes of its JSON view with their kind (which decides how
 * a filter value is read and whether the attribute sorts), filters with their own meaning (a port's
 * {@code fixed_ips=subnet_id=...}), and the fault for an id that names nothing (a marker, a show).
 *
 * @param collection the plural name, e.g. "networks" (the key of lists and of {@code networks_links})
 */
record Schema(String collection, Map<String, Kind> attributes, Map<String, CustomFilter> customFilters,
              Function<String, ApiError> notFound) {

    /** How an attribute is read from a query string. */
    enum Kind {
        STRING, BOOLEAN, INTEGER,
        /** A list of strings: a filter value matches when the list holds it. */
        LIST,
        /** Structured (dicts, lists of dicts): neither filtered on (without a custom filter) nor sorted by. */
        COMPLEX
    }

    /** A filter whose values are not plain attribute values. */
    @FunctionalInterface
    interface CustomFilter {
        /** @param values the filter's values as given, never empty; throws ApiError when they do not parse */
        Predicate<Map<String, Object>> matcher(List<String> values);
    }

    Schema {
        attributes = Map.copyOf(attributes);
        customFilters = Map.copyOf(customFilters);
    }
}
