package io.sluice.northbound.neutron;

import java.util.List;
import java.util.Map;

/**
 * One API request as the handlers see it, free of the HTTP server: who calls, the query parameters in order,
 * the body, the URL of the collection (for pagination links) and the ids in the path, if any.
 *
 * @param parentId the id of the resource a sub-resource belongs to (a port forwarding's floating IP), or null
 */
record Call(Policy policy, List<Map.Entry<String, String>> params, String body, String pathUrl, String id,
            String parentId) {
    Call {
        params = List.copyOf(params);
    }

    Query query(Schema schema) {
        return new Query(schema, params);
    }
}
