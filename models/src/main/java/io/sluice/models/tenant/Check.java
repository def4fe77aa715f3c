package io.sluice.models.tenant;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The validations the model's records share; each failure names the attribute. Ids and MACs come back
 * {@link #shared}: they arrive anew with every request, agent report and stored record.
 */
public final class Check {
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final String ZERO_MAC = "00:00:00:00:00:00";

    private Check() {
    }

    /**
     * The one copy of a value many records repeat (interned): a network's id is in each of its ports, a port's id
     * and MAC in its agent's reports, a host in each binding; read from JSON each is a copy of its own, ~0.5 KB a
     * port in all at 10,000 ports. Null stays null.
     */
    public static String shared(String value) {
        return value == null ? null : value.intern();
    }

    /** A resource id: a UUID in its canonical lower-case form, as Neutron writes them; {@link #shared}. */
    public static String uuid(String attribute, String value) {
        if (value == null) {
            throw new ValidationException(attribute, "missing");
        }
        try {
            if (UUID.fromString(value).toString().equals(value)) {
                return shared(value);
            }
        } catch (IllegalArgumentException notUuid) {
            // reported below
        }
        throw new ValidationException(attribute, "'" + value + "' is not a valid UUID");
    }

    public static String name(String attribute, String value) {
        String name = value == null ? "" : value;
        if (name.length() > 255) {
            throw new ValidationException(attribute, "longer than 255 characters");
        }
        return name;
    }

    /**
     * A MAC address, lower-case, colon-separated; multicast addresses cannot belong to a port, and Neutron refuses
     * the all-zero address too. {@link #shared}.
     */
    public static String mac(String attribute, String value) {
        String mac = value == null ? "" : value.toLowerCase(java.util.Locale.ROOT);
        if (!MAC.matcher(mac).matches() || mac.equals(ZERO_MAC)) {
            throw new ValidationException(attribute, "'" + value + "' is not a valid MAC address");
        }
        if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) == 1) {
            throw new ValidationException(attribute, "'" + value + "' is a multicast MAC address");
        }
        return shared(mac);
    }

    /** A single IPv4 address, in canonical form. */
    public static String ipv4(String attribute, String value) {
        IPAddress address = parse(value);
        if (address == null || address.isPrefixed() || address.isMultiple()) {
            throw new ValidationException(attribute, "'" + value + "' is not a valid IPv4 address");
        }
        return value;
    }

    /** An IPv4 network in CIDR form with no host bits set, in canonical form. */
    public static String ipv4Cidr(String attribute, String value) {
        IPAddress network = parse(value);
        if (network == null || !network.isPrefixed()) {
            throw new ValidationException(attribute, "'" + value + "' is not a valid IPv4 CIDR");
        }
        if (!network.equals(network.toPrefixBlock())) {
            throw new ValidationException(attribute, "'" + value + "' has host bits set; did you mean "
                    + network.toPrefixBlock().toCanonicalString() + "?");
        }
        return value;
    }

    /**
     * An IPv4 address or network written canonically, else null. The parser also takes "" (as loopback), inet_aton
     * forms ("10.1"), leading zeros (read as octal), padding and netmasks; Neutron refuses them, and so do we.
     */
    private static IPAddress parse(String value) {
        IPAddress address = value == null ? null : new IPAddressString(value).getAddress();
        return address != null && address.isIPv4() && address.toCanonicalString().equals(value) ? address : null;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
