package io.sluice.models.ipam;

/**
 * An attribute as the client sent it: left out, or given (possibly as JSON null). Neutron tells the two apart:
 * a gateway_ip left out gets a default, a gateway_ip given as null means "no gateway".
 *
 * @param given whether the request carried the attribute at all
 * @param value what it carried; null when left out
 */
public record Requested<T>(boolean given, T value) {
    public Requested {
        if (!given && value != null) {
            throw new IllegalArgumentException("an attribute left out carries no value");
        }
    }

    public static <T> Requested<T> absent() {
        return new Requested<>(false, null);
    }

    public static <T> Requested<T> of(T value) {
        return new Requested<>(true, value);
    }
}
