package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The attributes of one resource in a POST or PUT body, read strictly: the body must be JSON with the resource
 * under its name, every attribute must be known and writable by that method, and every value of its type.
 * Failures are Neutron's 400s with its wording.
 */
final class Attrs {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode attributes;

    private Attrs(ObjectNode attributes) {
        this.attributes = attributes;
    }

    /**
     * @param postable the attributes a POST may set
     * @param puttable the attributes a PUT may set
     * @param readable every attribute of the resource (others are unrecognized)
     */
    static Attrs parse(String body, String resource, boolean create, Set<String> postable, Set<String> puttable,
                       Set<String> readable) {
        return parse(readJson(body), resource, create, postable, puttable, readable);
    }

    /** As {@link #parse(String, String, boolean, Set, Set, Set)}, from a body already read (one of a bulk's). */
    static Attrs parse(JsonNode root, String resource, boolean create, Set<String> postable, Set<String> puttable,
                       Set<String> readable) {
        if (!root.isObject() || !root.has(resource)) {
            throw ApiError.badRequest("Unable to find '" + resource + "' in request body");
        }
        JsonNode node = root.get(resource);
        if (!node.isObject()) {
            throw ApiError.badRequest("Body contains invalid data");
        }
        Attrs attrs = new Attrs((ObjectNode) node);
        Set<String> unknown = new TreeSet<>(attrs.names());
        unknown.removeAll(readable);
        if (!unknown.isEmpty()) {
            throw ApiError.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        for (String name : attrs.names()) {
            if (create && !postable.contains(name)) {
                throw ApiError.badRequest("Attribute '" + name + "' not allowed in POST");
            }
            if (!create && !puttable.contains(name)) {
                throw ApiError.badRequest("Cannot update read-only attribute " + name);
            }
        }
        return attrs;
    }

    static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("Resource body required");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("Malformed request body");
        }
    }

    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        attributes.fieldNames().forEachRemaining(names::add);
        return names;
    }

    boolean has(String name) {
        return attributes.has(name);
    }

    /** The value as given, for structured attributes read by their own parser; null when absent. */
    JsonNode raw(String name) {
        return attributes.get(name);
    }

    /** A string attribute of at most 255 characters; absent gives the default. */
    String string(String name, String otherwise) {
        JsonNode value = attributes.get(name);
        if (value == null) {
            return otherwise;
        }
        if (!value.isTextual()) {
            throw ApiError.invalid(name, "'" + value + "' is not a valid string");
        }
        if (value.asText().length() > 255) {
            throw ApiError.invalid(name, "'" + value.asText() + "' exceeds maximum length of 255");
        }
        return value.asText();
    }

    /** A string, or JSON null (e.g. gateway_ip: null); absent gives the default. */
    String nullableString(String name, String otherwise) {
        JsonNode value = attributes.get(name);
        return value != null && value.isNull() ? null : string(name, otherwise);
    }

    /** A boolean as neutron_lib's convert_to_boolean reads it: true/false, "true"/"False", 1/0. */
    Boolean bool(String name, Boolean otherwise) {
        JsonNode value = attributes.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() || value.isInt()) {
            return Values.toBoolean(name, value.asText());
        }
        throw ApiError.invalid(name, "'" + value + "' cannot be converted to boolean");
    }

    /** An integer, given as a JSON number or a string of digits. */
    Integer integer(String name, Integer otherwise) {
        JsonNode value = attributes.get(name);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().trim());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw ApiError.invalid(name, "'" + value + "' is not an integer");
    }

    /** A resource id. */
    String uuid(String name) {
        String value = string(name, null);
        if (value == null) {
            return null;
        }
        return uuid(name, value);
    }

    static String uuid(String name, String value) {
        try {
            if (UUID.fromString(value).toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
                return value.toLowerCase(java.util.Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiError.invalid(name, "'" + value + "' is not a valid UUID");
    }

    /** A list, each element read by the function; absent gives null, JSON null an empty list. */
    <T> List<T> list(String name, Function<JsonNode, T> element) {
        JsonNode value = attributes.get(name);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiError.invalid(name, "'" + value + "' is not a list");
        }
        List<T> elements = new ArrayList<>();
        value.forEach(e -> elements.add(element.apply(e)));
        return elements;
    }

    /** A dictionary of strings (binding:profile); absent gives null, JSON null an empty map. */
    Map<String, String> stringMap(String name) {
        JsonNode value = attributes.get(name);
        if (value == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        if (value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw ApiError.invalid(name, "'" + value + "' is not a dictionary");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw ApiError.invalid(name, "the value of '" + entry.getKey()
                        + "' must be a string (Sluice keeps binding:profile as strings)");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    /** An element of a list of dictionaries, e.g. one of fixed_ips, with only the keys allowed. */
    static ObjectNode dict(String attribute, JsonNode element, Set<String> keys) {
        if (!element.isObject()) {
            throw ApiError.invalid(attribute, "'" + element + "' is not a dictionary");
        }
        Set<String> unknown = new TreeSet<>();
        element.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw ApiError.invalid(attribute, "Unrecognized key(s) '" + String.join(", ", unknown) + "'");
        }
        return (ObjectNode) element;
    }

    /** A string element of a dictionary or list, or null when absent. */
    static String text(String attribute, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.invalid(attribute, "'" + value + "' is not a valid string");
        }
        return value.asText();
    }
}
