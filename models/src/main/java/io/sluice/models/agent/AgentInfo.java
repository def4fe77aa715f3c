package io.sluice.models.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * What a node agent tells the controller about its host when it registers.
 *
 * @param host           the host name Nova uses in {@code binding:host_id}
 * @param agentType      Neutron's agent type string, e.g. "Open vSwitch agent"
 * @param binary         the agent's binary name as Neutron lists it
 * @param tunnelIp       this host's tunnel endpoint (underlay) address
 * @param bridgeMappings physical network name to provider bridge, e.g. physnet1 to br-ex
 * @param datapathId     br-int's datapath id as 16 hex digits, the key that ties OpenFlow sessions to hosts
 * @param tunnelPorts    br-int's flow-based tunnel ports by kind ({@link #VXLAN_TUNNEL}, {@link #MPLSOGRE_TUNNEL})
 *                       to ofport
 * @param providerPorts  br-int's patch port to each physical network's bridge, by physical network name, to ofport
 * @param l3             whether this host is a network node that hosts routers (Neutron lists it a second time,
 *                       as an "L3 agent")
 */
public record AgentInfo(
        @JsonProperty("host") String host,
        @JsonProperty("agent_type") String agentType,
        @JsonProperty("binary") String binary,
        @JsonProperty("tunnel_ip") String tunnelIp,
        @JsonProperty("bridge_mappings") Map<String, String> bridgeMappings,
        @JsonProperty("datapath_id") String datapathId,
        @JsonProperty("tunnel_ports") Map<String, Integer> tunnelPorts,
        @JsonProperty("provider_ports") Map<String, Integer> providerPorts,
        @JsonProperty("l3") boolean l3) {

    public static final String OVS_AGENT_TYPE = "Open vSwitch agent";
    public static final String OVS_AGENT_BINARY = "sluice-agent";
    public static final String L3_AGENT_TYPE = "L3 agent";
    public static final String L3_AGENT_BINARY = "sluice-l3-agent";
    /** The kind of br-int's flow-based VXLAN port ({@code remote_ip=flow key=flow}) in {@code tunnelPorts}. */
    public static final String VXLAN_TUNNEL = "vxlan";
    /**
     * The kind of br-int's flow-based MPLS-over-GRE port in {@code tunnelPorts}: GRE carrying the label and the
     * inner IP packet, no inner Ethernet ({@code remote_ip=flow packet_type=legacy_l3}).
     */
    public static final String MPLSOGRE_TUNNEL = "mplsogre";

    public AgentInfo {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("agent host must not be blank");
        }
        Objects.requireNonNull(agentType, "agent_type");
        Objects.requireNonNull(binary, "binary");
        bridgeMappings = bridgeMappings == null ? Map.of() : Map.copyOf(bridgeMappings);
        tunnelPorts = tunnelPorts == null ? Map.of() : Map.copyOf(tunnelPorts);
        providerPorts = providerPorts == null ? Map.of() : Map.copyOf(providerPorts);
        if (datapathId != null && !datapathId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("datapath_id must be 16 lower-case hex digits: " + datapathId);
        }
    }
}
