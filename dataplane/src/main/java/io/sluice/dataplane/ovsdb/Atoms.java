package io.sluice.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RFC 7047 section 5.1 notation for values: building {@code ["uuid", ...]}, {@code ["named-uuid", ...]},
 * {@code ["set", [...]]} and {@code ["map", [[k, v], ...]]}, and reading them back. A set of exactly one
 * element may arrive as the bare atom, so readers accept both forms.
 */
public final class Atoms {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Atoms() {
    }

    public static ArrayNode uuid(String uuid) {
        return JSON.arrayNode().add("uuid").add(uuid);
    }

    /** A reference to a row inserted earlier in the same transaction under {@code uuid-name}. */
    public static ArrayNode namedUuid(String uuidName) {
        return JSON.arrayNode().add("named-uuid").add(uuidName);
    }

    public static ArrayNode set(Collection<? extends JsonNode> elements) {
        ArrayNode members = JSON.arrayNode();
        elements.forEach(members::add);
        return JSON.arrayNode().add("set").add(members);
    }

    public static ArrayNode set(JsonNode... elements) {
        return set(List.of(elements));
    }

    public static ArrayNode stringSet(Collection<String> elements) {
        return set(elements.stream().map(JSON::textNode).toList());
    }

    public static ArrayNode map(Map<String, String> entries) {
        ArrayNode pairs = JSON.arrayNode();
        entries.forEach((key, value) -> pairs.add(JSON.arrayNode().add(key).add(value)));
        return JSON.arrayNode().add("map").add(pairs);
    }

    /** The UUID string of a {@code ["uuid", ...]} atom. */
    public static String uuidOf(JsonNode atom) {
        if (!isTagged(atom, "uuid")) {
            throw new IllegalArgumentException("not a uuid atom: " + atom);
        }
        return atom.get(1).asText();
    }

    /** The elements of a set value; a bare atom is a set of one. */
    public static List<JsonNode> setElements(JsonNode value) {
        if (!isTagged(value, "set")) {
            return List.of(value);
        }
        List<JsonNode> elements = new ArrayList<>();
        value.get(1).forEach(elements::add);
        return elements;
    }

    public static List<String> stringSet(JsonNode value) {
        return setElements(value).stream().map(JsonNode::asText).toList();
    }

    public static List<String> uuidSet(JsonNode value) {
        return setElements(value).stream().map(Atoms::uuidOf).toList();
    }

    /** An optional string column (min 0, max 1): an empty set, or the string. */
    public static Optional<String> optionalString(JsonNode value) {
        List<JsonNode> elements = setElements(value);
        return elements.isEmpty() ? Optional.empty() : Optional.of(elements.get(0).asText());
    }

    /** An optional integer column (min 0, max 1), e.g. an Interface's ofport. */
    public static OptionalInt optionalInt(JsonNode value) {
        List<JsonNode> elements = setElements(value);
        return elements.isEmpty() ? OptionalInt.empty() : OptionalInt.of(elements.get(0).asInt());
    }

    public static Map<String, String> stringMap(JsonNode value) {
        if (!isTagged(value, "map")) {
            throw new IllegalArgumentException("not a map value: " + value);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        value.get(1).forEach(pair -> entries.put(pair.get(0).asText(), pair.get(1).asText()));
        return entries;
    }

    private static boolean isTagged(JsonNode value, String tag) {
        return value != null && value.isArray() && value.size() == 2 && tag.equals(value.get(0).asText());
    }
}
