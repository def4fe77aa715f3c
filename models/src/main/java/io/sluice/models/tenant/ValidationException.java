package io.sluice.models.tenant;

/**
 * A model value that breaks a rule, naming the attribute at fault so the API can answer 400 with a message
 * the operator can act on.
 */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String attribute;

    public ValidationException(String attribute, String message) {
        super("Invalid input for " + attribute + ". Reason: " + message + ".");
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
