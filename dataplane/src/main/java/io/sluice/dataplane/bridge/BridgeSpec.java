package io.sluice.dataplane.bridge;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * How a Sluice-managed bridge must look. Fail mode, protocols and in-band setting are the same for every
 * such bridge; the datapath type differs between the test bed (netdev) and production (system).
 *
 * @param name             the bridge name, also its internal port's and interface's
 * @param datapathType     "system" (kernel datapath) or "netdev" (userspace)
 * @param controllerTarget the OpenFlow controller, e.g. "tcp:192.0.2.1:6653"
 */
public record BridgeSpec(String name, String datapathType, String controllerTarget) {
    public static final String INTEGRATION_BRIDGE = "br-int";
    /** Without a controller the bridge keeps its flows instead of falling back to a learning switch. */
    public static final String FAIL_MODE = "secure";
    public static final List<String> PROTOCOLS = List.of("OpenFlow13");
    /** The controller is reached out of band; in-band control would add hidden flows to the bridge. */
    public static final Map<String, String> OTHER_CONFIG = Map.of("disable-in-band", "true");

    public BridgeSpec {
        requireText(name, "bridge name");
        requireText(datapathType, "datapath type");
        requireText(controllerTarget, "controller target");
    }

    public static BridgeSpec integration(String datapathType, String controllerTarget) {
        return new BridgeSpec(INTEGRATION_BRIDGE, datapathType, controllerTarget);
    }

    /** OVS's active TCP target syntax; IPv6 addresses go in brackets. */
    public static String tcpTarget(InetAddress address, int port) {
        String host = address.getHostAddress();
        return "tcp:" + (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
