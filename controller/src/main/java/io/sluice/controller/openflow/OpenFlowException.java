package io.sluice.controller.openflow;

/** A request to a switch failed: the switch answered with an error, or the session closed. */
public final class OpenFlowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenFlowException(String message) {
        super(message);
    }
}
