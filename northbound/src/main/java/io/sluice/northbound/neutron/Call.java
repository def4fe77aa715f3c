package io.sluice.northbound.neutron;

import java.util.List;
import java.util.Map;

/**
 * One API request as the handlers see it, free of the HTTP server: who calls, the query parameters in order,
 * the body, the URL of the collection (for pagination links) and the id in the path, if any.
 */
record Call(Policy policy, List<Map.Entry<String, String>> params, String body, String pathUrl, String id) {
    Call {
        params = List.copyOf(params);
    }

    Query query(Schema schema) {
        return new Query(schema, params);
    }
}
