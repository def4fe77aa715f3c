package io.sluice.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builders for RFC 7047 section 5.2 transaction operations, conditions and mutations. */
public final class Ops {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Ops() {
    }

    /** A condition {@code [column, "==", value]}. */
    public static ArrayNode eq(String column, JsonNode value) {
        return JSON.arrayNode().add(column).add("==").add(value);
    }

    public static ArrayNode eq(String column, String value) {
        return eq(column, JSON.textNode(value));
    }

    public static ArrayNode where(ArrayNode... conditions) {
        return JSON.arrayNode().addAll(List.of(conditions));
    }

    /** A mutation {@code [column, mutator, value]}, e.g. {@code ["bridges", "insert", ["set", [...]]]}. */
    public static ArrayNode mutation(String column, String mutator, JsonNode value) {
        return JSON.arrayNode().add(column).add(mutator).add(value);
    }

    public static ObjectNode select(String table, ArrayNode where, List<String> columns) {
        ObjectNode op = op("select", table).set("where", where);
        op.set("columns", strings(columns));
        return op;
    }

    /** Inserts {@code row}; later operations of the transaction refer to it as {@code ["named-uuid", uuidName]}. */
    public static ObjectNode insert(String table, ObjectNode row, String uuidName) {
        ObjectNode op = op("insert", table).set("row", row);
        return op.put("uuid-name", uuidName);
    }

    public static ObjectNode update(String table, ArrayNode where, ObjectNode row) {
        ObjectNode op = op("update", table).set("where", where);
        return op.set("row", row);
    }

    public static ObjectNode mutate(String table, ArrayNode where, List<ArrayNode> mutations) {
        ObjectNode op = op("mutate", table).set("where", where);
        return op.set("mutations", JSON.arrayNode().addAll(mutations));
    }

    /**
     * A precondition: aborts the transaction at once (timeout 0, error "timed out") unless the rows matching
     * {@code where}, projected on {@code columns}, are exactly {@code rows}. An empty {@code rows} asserts
     * that no row matches.
     */
    public static ObjectNode waitUntilEqual(String table, ArrayNode where, List<String> columns,
                                            List<? extends JsonNode> rows) {
        ObjectNode op = op("wait", table).set("where", where);
        op.set("columns", strings(columns));
        op.put("until", "==");
        op.set("rows", JSON.arrayNode().addAll(rows));
        return op.put("timeout", 0);
    }

    public static ObjectNode row() {
        return JSON.objectNode();
    }

    private static ObjectNode op(String name, String table) {
        return JSON.objectNode().put("op", name).put("table", table);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
