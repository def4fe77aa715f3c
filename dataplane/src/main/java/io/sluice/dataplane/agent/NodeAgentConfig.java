package io.sluice.dataplane.agent;

import io.sluice.dataplane.bridge.BridgeSpec;
import io.sluice.dataplane.bridge.ProviderBridge;
import io.sluice.dataplane.bridge.TunnelPortSpec;
import io.sluice.models.agent.AgentChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a node agent needs to know.
 *
 * @param ovsdbSocket      the local ovsdb-server's unix socket, e.g. /run/openvswitch/db.sock
 * @param controllerHost   the controller's address (name or IP), for OpenFlow and the agent channel
 * @param openflowPort     the controller's OpenFlow port, written into br-int's Controller target
 * @param agentChannelPort the controller's agent channel port
 * @param datapathType     br-int's datapath type: "system" in production, "netdev" without the kernel module
 * @param tunnelIp         this host's tunnel endpoint address, or null if it has none
 * @param bridgeMappings   physical network to provider bridge, e.g. physnet1 to br-ex, one bridge each
 * @param hostNameOverride the host name to register under, or null to take it from OVS or the kernel
 * @param vxlanPort        the UDP port of VXLAN between hosts, the same on every host of a deployment: 4789
 *                         (IANA), or e.g. 8472 (Linux's old default) where the underlay expects that
 * @param l3               whether this host is a network node: it holds routers in namespaces (L3 agent)
 * @param l3AuditInterval  how often the L3 agent reads its router namespaces again and repairs drift
 * @param routerNamespacePrefix the prefix of router namespaces, {@code qrouter-} as Neutron's; several network
 *                         nodes sharing one kernel (a test bed) each need their own, as each removes
 *                         the router namespaces it does not hold
 */
public record NodeAgentConfig(Path ovsdbSocket, String controllerHost, int openflowPort, int agentChannelPort,
                              String datapathType, String tunnelIp, Map<String, String> bridgeMappings,
                              String hostNameOverride, int vxlanPort, boolean l3,
                              Duration l3AuditInterval, String routerNamespacePrefix) {
    public static final int DEFAULT_OPENFLOW_PORT = 6653;
    public static final String DEFAULT_DATAPATH_TYPE = "system";
    public static final int DEFAULT_VXLAN_PORT = TunnelPortSpec.VXLAN_IANA_PORT;
    public static final Duration DEFAULT_L3_AUDIT_INTERVAL = Duration.ofSeconds(60);
    public static final String DEFAULT_ROUTER_NAMESPACE_PREFIX = "qrouter-";

    public NodeAgentConfig {
        Objects.requireNonNull(ovsdbSocket, "ovsdb socket");
        if (controllerHost == null || controllerHost.isBlank()) {
            throw new IllegalArgumentException("controller host must not be blank");
        }
        requirePort(openflowPort, "OpenFlow port");
        requirePort(agentChannelPort, "agent channel port");
        requirePort(vxlanPort, "VXLAN port");
        if (datapathType == null || datapathType.isBlank()) {
            throw new IllegalArgumentException("datapath type must not be blank");
        }
        bridgeMappings = bridgeMappings == null ? Map.of() : Map.copyOf(bridgeMappings);
        bridgeMappings.forEach((physnet, bridge) -> {
            if (bridge == null || bridge.isBlank() || bridge.length() > ProviderBridge.MAX_NAME_LENGTH
                    || bridge.equals(BridgeSpec.INTEGRATION_BRIDGE)) {
                throw new IllegalArgumentException("bridge mapping " + physnet + ":" + bridge + ": the bridge must "
                        + "not be br-int and its name at most " + ProviderBridge.MAX_NAME_LENGTH
                        + " characters (int-NAME must fit an interface name)");
            }
        });
        if (Set.copyOf(bridgeMappings.values()).size() != bridgeMappings.size()) {
            throw new IllegalArgumentException("two physical networks map to one bridge: " + bridgeMappings);
        }
        if (l3AuditInterval == null || l3AuditInterval.toMillis() <= 0) {
            throw new IllegalArgumentException("L3 audit interval must be positive: " + l3AuditInterval);
        }
        if (routerNamespacePrefix == null || !routerNamespacePrefix.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("router namespace prefix must be letters, digits, '_', '.' or '-': "
                    + routerNamespacePrefix);
        }
    }

    /** A host that holds no routers. */
    public NodeAgentConfig(Path ovsdbSocket, String controllerHost, int openflowPort, int agentChannelPort,
                           String datapathType, String tunnelIp, Map<String, String> bridgeMappings,
                           String hostNameOverride, int vxlanPort) {
        this(ovsdbSocket, controllerHost, openflowPort, agentChannelPort, datapathType, tunnelIp, bridgeMappings,
                hostNameOverride, vxlanPort, false, DEFAULT_L3_AUDIT_INTERVAL, DEFAULT_ROUTER_NAMESPACE_PREFIX);
    }

    /** The same settings, on a network node ({@code l3}) or not. */
    public NodeAgentConfig withL3(boolean networkNode) {
        return new NodeAgentConfig(ovsdbSocket, controllerHost, openflowPort, agentChannelPort, datapathType, tunnelIp,
                bridgeMappings, hostNameOverride, vxlanPort, networkNode, l3AuditInterval, routerNamespacePrefix);
    }

    /** VXLAN on the IANA port. */
    public NodeAgentConfig(Path ovsdbSocket, String controllerHost, int openflowPort, int agentChannelPort,
                           String datapathType, String tunnelIp, Map<String, String> bridgeMappings,
                           String hostNameOverride) {
        this(ovsdbSocket, controllerHost, openflowPort, agentChannelPort, datapathType, tunnelIp, bridgeMappings,
                hostNameOverride, DEFAULT_VXLAN_PORT);
    }

    /** Default ports and datapath type, no tunnel, no bridge mappings, host name from OVS or the kernel. */
    public static NodeAgentConfig defaults(Path ovsdbSocket, String controllerHost) {
        return new NodeAgentConfig(ovsdbSocket, controllerHost, DEFAULT_OPENFLOW_PORT, AgentChannel.DEFAULT_PORT,
                DEFAULT_DATAPATH_TYPE, null, Map.of(), null, DEFAULT_VXLAN_PORT, false, DEFAULT_L3_AUDIT_INTERVAL,
                DEFAULT_ROUTER_NAMESPACE_PREFIX);
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " out of range: " + port);
        }
    }
}
