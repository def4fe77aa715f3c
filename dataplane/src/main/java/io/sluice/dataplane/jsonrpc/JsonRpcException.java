package io.sluice.dataplane.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** The other end answered a request with a JSON-RPC error. */
public final class JsonRpcException extends RuntimeException {
    private final transient JsonNode error;

    public JsonRpcException(String peerName, String method, JsonNode error) {
        super(peerName + ": " + method + " failed: " + error);
        this.error = error;
    }

    /** The error member as sent: a string, or for OVSDB an object with "error" and "details". */
    public JsonNode error() {
        return error;
    }
}
