package io.sluice.models.jsonrpc;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One JSON-RPC 1.0 message as RFC 7047 (OVSDB) uses it: a request ({@code method}, {@code params},
 * {@code id}), a notification (a request whose id is null) or a response ({@code result}, {@code error},
 * {@code id}). Both OVSDB and Sluice's agent channel speak it; the framing is JSON objects back to back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// On the wire a message has only its five members: the is...() helpers are not properties (ovsdb-server
// rejects unknown members).
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record JsonRpcMessage(
        @JsonProperty("method") String method,
        @JsonProperty("params") JsonNode params,
        @JsonProperty("result") JsonNode result,
        @JsonProperty("error") JsonNode error,
        @JsonProperty("id") JsonNode id) {

    public static JsonRpcMessage request(String method, JsonNode params, long id) {
        return new JsonRpcMessage(method, params, null, null, JsonNodeFactory.instance.numberNode(id));
    }

    public static JsonRpcMessage notification(String method, JsonNode params) {
        return new JsonRpcMessage(method, params, null, null, NullNode.instance);
    }

    public static JsonRpcMessage response(JsonNode id, JsonNode result) {
        return new JsonRpcMessage(null, null, result, NullNode.instance, id);
    }

    public static JsonRpcMessage errorResponse(JsonNode id, String error) {
        return new JsonRpcMessage(null, null, NullNode.instance, JsonNodeFactory.instance.textNode(error), id);
    }

    public boolean isRequest() {
        return method != null;
    }

    public boolean isNotification() {
        return method != null && (id == null || id.isNull());
    }

    public boolean isError() {
        return method == null && error != null && !error.isNull();
    }
}
