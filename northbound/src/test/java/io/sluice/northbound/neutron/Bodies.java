package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits of a request body's JSON tree for the fuzzer: one field or element, picked by an index modulo their
 * number, is replaced, removed or joined by another. A body that is not JSON (already mutated) is left as is.
 */
final class Bodies {
    private static final int SHOWN = 200;

    private Bodies() {
    }

    /** The value of the picked field or element (the whole body when it has none) becomes the new one. */
    static String replaceValue(String body, int where, JsonNode value) {
        JsonNode root = parse(body);
        if (root == null) {
            return body;
        }
        List<Slot> slots = slots(root);
        if (slots.isEmpty()) {
            return value.toString();
        }
        Slot slot = slots.get(where % slots.size());
        if (slot.parent() instanceof ObjectNode object) {
            object.set(slot.key(), value);
        } else {
            ((ArrayNode) slot.parent()).set(slot.index(), value);
        }
        return root.toString();
    }

    /** How many fields and elements the body has (none when it is not JSON). */
    static int slotCount(String body) {
        JsonNode root = parse(body);
        return root == null ? 0 : slots(root).size();
    }

    static String removeField(String body, int where) {
        JsonNode root = parse(body);
        if (root == null) {
            return body;
        }
        List<Slot> slots = slots(root);
        if (slots.isEmpty()) {
            return body;
        }
        Slot slot = slots.get(where % slots.size());
        if (slot.parent() instanceof ObjectNode object) {
            object.remove(slot.key());
        } else {
            ((ArrayNode) slot.parent()).remove(slot.index());
        }
        return root.toString();
    }

    /** Adds the field to the picked object of the body (the outermost when it has none inside). */
    static String addField(String body, int where, String key, JsonNode value) {
        JsonNode root = parse(body);
        if (!(root instanceof ObjectNode)) {
            return body;
        }
        List<ObjectNode> objects = new ArrayList<>();
        objects.add((ObjectNode) root);
        slots(root).stream().map(s -> s.parent() instanceof ObjectNode o ? o.get(s.key())
                : ((ArrayNode) s.parent()).get(s.index())).filter(JsonNode::isObject)
                .forEach(n -> objects.add((ObjectNode) n));
        objects.get(where % objects.size()).set(key, value);
        return root.toString();
    }

    /** The path with its picked segment after /v2.0 replaced. */
    static String replacePathSegment(String path, int where, String segment) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String[] segments = bare.split("/", -1);
        if (segments.length <= 2) {
            return path;
        }
        int picked = 2 + where % (segments.length - 2);
        segments[picked] = segment;
        return String.join("/", segments) + (query < 0 ? "" : path.substring(query));
    }

    static String abbreviate(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " chars)";
    }

    private static JsonNode parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            return NeutronFixture.JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** Where a value sits: a key of an object or an index of an array. */
    private record Slot(JsonNode parent, String key, int index) {
    }

    /** Every field and element of the tree, depth first. */
    private static List<Slot> slots(JsonNode node) {
        List<Slot> slots = new ArrayList<>();
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(key -> {
                slots.add(new Slot(object, key, -1));
                slots.addAll(slots(object.get(key)));
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                slots.addAll(slots(array.get(i)));
            }
        }
        return slots;
    }
}
