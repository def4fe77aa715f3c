package io.sluice.dataplane.jsonrpc;

import java.io.IOException;

/** A call could not complete because its connection closed before the response arrived. */
public final class ConnectionClosedException extends IOException {
    public ConnectionClosedException(String peerName) {
        super("connection to " + peerName + " closed");
    }
}
