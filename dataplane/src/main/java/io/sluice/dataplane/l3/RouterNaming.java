package io.sluice.dataplane.l3;

import java.util.Optional;

/**
 * How a router's pieces are named on the host. A router lives in namespace {@code <namespacePrefix><router id>}
 * ({@code qrouter-} as Neutron's legacy L3 agent); each leg is a veth pair whose namespace end is
 * {@code qr-} (interface) or {@code qg-} (gateway) plus the port id's first 11 characters, and whose other end,
 * plugged into br-int, is {@code <hostLegPrefix>} plus the same 11 characters ({@code tr-}, for "to router").
 * Names stay within Linux's 15 characters; port ids must differ in their first 11, as for os-vif's taps.
 *
 * @param namespacePrefix prefix of the router namespaces; tests use their own so they never meet production's
 * @param hostLegPrefix   prefix of the host-side veth ends, which are Sluice's alone on this host
 */
public record RouterNaming(String namespacePrefix, String hostLegPrefix) {
    public static final String HOST_LEG_PREFIX = "tr-";
    static final String INTERFACE_PREFIX = "qr-";
    static final String GATEWAY_PREFIX = "qg-";
    private static final int ID_CHARS = 11;
    private static final int MAX_NAME = 15;

    public RouterNaming {
        if (namespacePrefix == null || namespacePrefix.isBlank() || hostLegPrefix == null
                || hostLegPrefix.length() + ID_CHARS > MAX_NAME || hostLegPrefix.isEmpty()) {
            throw new IllegalArgumentException("bad router naming: " + namespacePrefix + ", " + hostLegPrefix);
        }
    }

    public String namespace(String routerId) {
        return namespacePrefix + routerId;
    }

    /** The router id of a namespace of ours, or empty for any other namespace. */
    public Optional<String> routerIdOf(String namespace) {
        return namespace.startsWith(namespacePrefix) && namespace.length() > namespacePrefix.length()
                ? Optional.of(namespace.substring(namespacePrefix.length())) : Optional.empty();
    }

    static String interfaceName(String portId) {
        return INTERFACE_PREFIX + shortId(portId);
    }

    static String gatewayName(String portId) {
        return GATEWAY_PREFIX + shortId(portId);
    }

    public String hostName(String portId) {
        return hostLegPrefix + shortId(portId);
    }

    /** The host end of the veth whose namespace end is {@code insideName}. */
    String hostNameOf(String insideName) {
        return hostLegPrefix + insideName.substring(INTERFACE_PREFIX.length());
    }

    static boolean isLegName(String name) {
        return name.startsWith(INTERFACE_PREFIX) || name.startsWith(GATEWAY_PREFIX);
    }

    private static String shortId(String portId) {
        return portId.length() <= ID_CHARS ? portId : portId.substring(0, ID_CHARS);
    }
}
