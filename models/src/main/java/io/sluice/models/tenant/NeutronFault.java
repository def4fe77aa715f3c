package io.sluice.models.tenant;

/**
 * A failure the Neutron API reports under its own error type and HTTP status (e.g. IpAddressGenerationFailure,
 * 409). Stock clients branch on both, so the northbound answers {@code {"NeutronError": {"type": type(),
 * "message": getMessage(), "detail": ""}}} with {@code status()} and nothing else to translate.
 */
public abstract class NeutronFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;
    private final int status;

    protected NeutronFault(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    /** Neutron's name for the error, the exception class name in its own code. */
    public String type() {
        return type;
    }

    /** The HTTP status Neutron answers with. */
    public int status() {
        return status;
    }
}
