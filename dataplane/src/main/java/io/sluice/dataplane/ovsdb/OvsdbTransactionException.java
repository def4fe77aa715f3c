package io.sluice.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A transaction was answered but not committed: one operation failed (RFC 7047 4.1.3: that result holds
 * "error", later ones are null), or the commit itself failed (an extra result past the last operation).
 */
public final class OvsdbTransactionException extends RuntimeException {
    private final transient JsonNode failedOp;
    private final String error;

    private OvsdbTransactionException(String db, int index, JsonNode failedOp, String error, String details) {
        super("OVSDB transaction on " + db + " failed at "
                + (failedOp == null ? "commit" : "op #" + index + " (" + describe(failedOp) + ")")
                + ": " + error + (details.isEmpty() ? "" : ": " + details));
        this.failedOp = failedOp;
        this.error = error;
    }

    /** Throws if any result of the transaction carries an error. */
    static void check(String db, List<? extends JsonNode> ops, JsonNode results) {
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            if (result != null && result.has("error")) {
                throw new OvsdbTransactionException(db, i, i < ops.size() ? ops.get(i) : null,
                        result.path("error").asText(), result.path("details").asText(""));
            }
        }
    }

    /** RFC 7047's error string, e.g. "timed out" for a failed {@code wait}, "constraint violation". */
    public String error() {
        return error;
    }

    /** The operation that failed; empty if the commit failed after every operation succeeded. */
    public Optional<JsonNode> failedOp() {
        return Optional.ofNullable(failedOp);
    }

    private static String describe(JsonNode op) {
        return op.path("op").asText() + " " + op.path("table").asText();
    }
}
