package io.sluice.models.l3;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What one router's namespace ({@code qrouter-<routerId>}) must hold on the network node hosting it: the
 * controller computes it from the tenant model, the L3 agent converges the namespace to it by diff. Plain
 * data, so it travels on the agent channel as JSON (see {@code AgentChannel.ROUTER_UPDATE}).
 *
 * @param routerId        the Neutron router id
 * @param interfaces      the {@code qr-} legs, one per router interface port
 * @param gateway         the {@code qg-} leg on the external network, or null when the router has no gateway
 * @param defaultNexthop  the external subnet's gateway, the namespace's default route; null for none
 * @param enableSnat      SNAT of {@code snatSources} to the gateway's first address when leaving through it
 * @param snatSources     the CIDRs of the router's interface subnets
 * @param routes          static routes (destination CIDR via a next hop on an interface subnet)
 * @param floatingIps     floating IPs mapped both ways (DNAT in, SNAT out)
 * @param portForwardings inbound-only DNAT of one protocol and port of a floating IP
 */
public record RouterPlan(@JsonProperty("router_id") String routerId,
                         @JsonProperty("interfaces") List<Leg> interfaces,
                         @JsonProperty("gateway") Leg gateway,
                         @JsonProperty("default_nexthop") String defaultNexthop,
                         @JsonProperty("enable_snat") boolean enableSnat,
                         @JsonProperty("snat_sources") List<String> snatSources,
                         @JsonProperty("routes") List<StaticRoute> routes,
                         @JsonProperty("floating_ips") List<FloatingNat> floatingIps,
                         @JsonProperty("port_forwardings") List<Forward> portForwardings) {
    public RouterPlan {
        Objects.requireNonNull(routerId, "router_id");
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        snatSources = snatSources == null ? List.of() : List.copyOf(snatSources);
        routes = routes == null ? List.of() : List.copyOf(routes);
        floatingIps = floatingIps == null ? List.of() : List.copyOf(floatingIps);
        portForwardings = portForwardings == null ? List.of() : List.copyOf(portForwardings);
    }

    /**
     * One router port: a veth pair whose namespace end carries the addresses and whose other end is plugged
     * into br-int os-vif style ({@code external_ids:iface-id} = the port id), so the controller places and
     * switches it like any port of its network.
     *
     * @param addresses in CIDR form, e.g. {@code 10.0.0.1/24}
     */
    public record Leg(@JsonProperty("port_id") String portId, @JsonProperty("mac_address") String macAddress,
                      @JsonProperty("addresses") List<String> addresses, @JsonProperty("mtu") int mtu) {
        public Leg {
            Objects.requireNonNull(portId, "port_id");
            Objects.requireNonNull(macAddress, "mac_address");
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    public record StaticRoute(@JsonProperty("destination") String destination,
                              @JsonProperty("nexthop") String nexthop) {
    }

    /** A floating IP: {@code floatingIp} on the qg- leg, DNAT to {@code fixedIp} and SNAT back from it. */
    public record FloatingNat(@JsonProperty("floating_ip") String floatingIp,
                              @JsonProperty("fixed_ip") String fixedIp) {
    }

    /** A port forwarding: {@code protocol} to {@code floatingIp:externalPort} goes to {@code internalIp:internalPort}. */
    public record Forward(@JsonProperty("protocol") String protocol, @JsonProperty("floating_ip") String floatingIp,
                          @JsonProperty("external_port") int externalPort,
                          @JsonProperty("internal_ip") String internalIp,
                          @JsonProperty("internal_port") int internalPort) {
    }
}
