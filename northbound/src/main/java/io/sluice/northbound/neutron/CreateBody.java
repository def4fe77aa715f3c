package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A create's body: one resource under its name ({@code {"port": {...}}}), or Neutron's bulk create, a list under
 * the collection's name ({@code {"ports": [{...}, ...]}}) whose items are the resources' attributes or, as older
 * openstacksdk sends them, each wrapped under the resource's name. A handler plans a bulk's items in order, each
 * against the model and the items before it, and commits them together: all are created or none.
 *
 * @param items every item as a body of one resource ({@code {"port": {...}}}), in request order
 */
record CreateBody(String resource, String collection, boolean bulk, List<JsonNode> items) {
    /**
     * The most items one request may create. A bulk holds the tenant model's writer while it is planned and
     * committed, so the limit bounds how long other writes (the controller's port statuses among them) wait: 500
     * ports took 0.1–0.3 s at 50,000 ports on this project's 2-core machines, so a thousand stay well under a
     * second. A thousand ports as Nova describes them (~250 bytes each) also fit the API's 1 MiB body.
     */
    static final int MAX_ITEMS = 1000;

    CreateBody {
        items = List.copyOf(items);
    }

    /** Reads a POST body of the resource (e.g. "port", whose collection is "ports"). */
    static CreateBody parse(String body, String resource, String collection) {
        JsonNode root = Attrs.readJson(body);
        if (!root.isObject() || !root.has(collection)) {
            return new CreateBody(resource, collection, false, List.of(root));
        }
        JsonNode list = root.get(collection);
        if (!list.isArray()) {
            throw ApiError.badRequest("Body contains invalid data");
        }
        if (list.isEmpty()) {
            throw ApiError.badRequest("Resources required");
        }
        if (list.size() > MAX_ITEMS) {
            throw ApiError.badRequest("Bulk request of " + list.size() + " " + collection + " is over the limit of "
                    + MAX_ITEMS + " in one request; send them in several requests");
        }
        List<JsonNode> items = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            items.add(item.isObject() && item.has(resource) ? item
                    : JsonNodeFactory.instance.objectNode().set(resource, item));
        }
        return new CreateBody(resource, collection, true, items);
    }

    /** 201 with the created resources' views, in request order: a list for a bulk, the one otherwise. */
    Reply created(List<Map<String, Object>> views) {
        return Reply.created(bulk ? Map.of(collection, views) : Map.of(resource, views.get(0)));
    }
}
