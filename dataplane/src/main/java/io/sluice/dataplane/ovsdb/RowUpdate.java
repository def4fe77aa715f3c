package io.sluice.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row's change in a monitor's {@code <table-updates>} (RFC 7047 4.1.6). For an insert only
 * {@code newRow} is set, for a delete only {@code oldRow}; for a modification {@code newRow} holds every
 * monitored column and {@code oldRow} only the columns that changed.
 */
public record RowUpdate(String table, String uuid, JsonNode oldRow, JsonNode newRow) {

    public static List<RowUpdate> parse(JsonNode tableUpdates) {
        List<RowUpdate> updates = new ArrayList<>();
        for (Map.Entry<String, JsonNode> table : tableUpdates.properties()) {
            for (Map.Entry<String, JsonNode> row : table.getValue().properties()) {
                JsonNode change = row.getValue();
                updates.add(new RowUpdate(table.getKey(), row.getKey(), change.get("old"), change.get("new")));
            }
        }
        return updates;
    }

    public boolean isDelete() {
        return newRow == null;
    }

    /** The column's current value, or its last value for a deleted row; null if not monitored. */
    public JsonNode column(String name) {
        JsonNode row = newRow != null ? newRow : oldRow;
        return row == null ? null : row.get(name);
    }
}
