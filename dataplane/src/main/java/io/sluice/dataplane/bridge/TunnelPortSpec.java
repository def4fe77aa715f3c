package io.sluice.dataplane.bridge;

import io.sluice.models.agent.AgentInfo;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A port Sluice keeps on a bridge by name, with its type and options. Mostly a flow-based tunnel port on br-int:
 * one port reaches every peer, because the flows set the remote end and the VNI or label ({@code remote_ip=flow},
 * {@code key=flow}); a host joining or leaving changes flows, never ports. Also the two ends of a patch between
 * br-int and a physical network's bridge ({@link #patch}).
 *
 * @param kind          the name the controller knows the port by in {@code AgentInfo.tunnelPorts}, e.g. "vxlan"
 * @param name          the Port's and the Interface's name
 * @param type          the Interface type
 * @param ofportRequest the OpenFlow port number asked of OVS (it may give another if that one is taken)
 * @param options       the Interface options Sluice sets; keys an operator adds (tos, df_default...) are kept
 */
public record TunnelPortSpec(String kind, String name, String type, int ofportRequest, Map<String, String> options) {
    public static final int VXLAN_IANA_PORT = 4789;
    /** One VXLAN port per host whatever its UDP port, so changing the UDP port repairs it in place. */
    public static final String VXLAN_NAME = "vxlan-sluice";
    /**
     * OVS numbers the ports nobody asked a number for below 32768 (ofproto's alloc_ofp_port keeps the upper
     * half for controllers), so ports plugged by Nova/os-vif, which ask for none, never take it; further
     * tunnel kinds follow it (65001 up to the patches' 65100).
     */
    public static final int VXLAN_OFPORT = 65000;
    public static final String MPLSOGRE_NAME = "mplsogre-sluice";
    public static final int MPLSOGRE_OFPORT = VXLAN_OFPORT + 1;
    /** br-int's patch ports to physical networks ask for 65100 and up, in the order of the bridge mappings. */
    public static final int FIRST_PATCH_OFPORT = 65100;
    private static final String DST_PORT = "dst_port";
    private static final String LOCAL_IP = "local_ip";

    /** Where a tunnel port's outer source address comes from. */
    public enum Source {
        /**
         * {@code local_ip} is the host's tunnel IP: the kernel datapath, where Linux routes the encapsulated
         * packet.
         */
        PINNED,
        /**
         * No {@code local_ip}: the userspace datapath takes the source from the route to the peer. With
         * {@code local_ip} set it also checks, for every packet it encapsulates, that ovs-vswitchd's copy of
         * the kernel's routes holds that address as local; ovs-vswitchd empties and reloads that copy on every
         * link change, such as a port added to br-int, and a packet translated in between is dropped; and an
         * ovs-vswitchd started with {@code --disable-system-route}, as it should be, has no local routes at all.
         * The route to the peers is kept by {@link TunnelRoute} instead.
         */
        ROUTED
    }

    public TunnelPortSpec {
        if (ofportRequest < 1 || ofportRequest > 65279) {
            throw new IllegalArgumentException("ofport_request must be 1..65279, got " + ofportRequest);
        }
        options = Collections.unmodifiableMap(new TreeMap<>(options)); // sorted: the same write every time
    }

    /**
     * VXLAN from {@code localIp}; {@code dst_port} is set only off the IANA port, as OVS defaults to it. The
     * kind is "vxlan" whatever the UDP port: that is one setting for the whole deployment, so the controller
     * has no choice to make.
     */
    public static TunnelPortSpec vxlan(String localIp, int udpPort, Source source) {
        requireTunnelIp(localIp, "VXLAN");
        Map<String, String> options = sourced(Map.of("remote_ip", "flow", "key", "flow"), localIp, source);
        if (udpPort != VXLAN_IANA_PORT) {
            options.put(DST_PORT, Integer.toString(udpPort));
        }
        return new TunnelPortSpec(AgentInfo.VXLAN_TUNNEL, VXLAN_NAME, "vxlan", VXLAN_OFPORT, options);
    }

    /**
     * OpenContrail's MPLS over GRE from {@code localIp}: GRE protocol 0x8847, the label, then the inner IP packet
     * without its Ethernet header. {@code packet_type=legacy_l3} makes OVS strip the Ethernet header on output
     * and present what it receives as an Ethernet frame with zero MACs, so plain OpenFlow 1.3 push/pop_mpls
     * flows drive it. No {@code key}: the label, not a GRE key, names the destination.
     */
    public static TunnelPortSpec mplsOverGre(String localIp, Source source) {
        requireTunnelIp(localIp, "MPLS-over-GRE");
        return new TunnelPortSpec(AgentInfo.MPLSOGRE_TUNNEL, MPLSOGRE_NAME, "gre", MPLSOGRE_OFPORT,
                sourced(Map.of("remote_ip", "flow", "packet_type", "legacy_l3"), localIp, source));
    }

    private static Map<String, String> sourced(Map<String, String> options, String localIp, Source source) {
        Map<String, String> sourced = new TreeMap<>(options);
        if (source == Source.PINNED) {
            sourced.put(LOCAL_IP, localIp);
        }
        return sourced;
    }

    private static void requireTunnelIp(String localIp, String tunnel) {
        if (localIp == null || localIp.isBlank()) {
            throw new IllegalArgumentException("a " + tunnel + " port needs the host's tunnel IP");
        }
    }

    /**
     * One end of a patch port pair, as Neutron names them: {@code int-BRIDGE} on br-int, {@code phy-BRIDGE} on
     * the physical bridge, each naming the other as its peer.
     *
     * @param kind the physical network, the key of the port's number in {@code AgentInfo.providerPorts}
     */
    public static TunnelPortSpec patch(String kind, String name, String peer, int ofportRequest) {
        return new TunnelPortSpec(kind, name, "patch", ofportRequest, Map.of("peer", peer));
    }

    /**
     * The options an interface holding {@code actual} should have: Sluice's keys set, an operator's kept,
     * a {@code local_ip} that Sluice does not set dropped (see {@link Source#ROUTED}), and a {@code dst_port}
     * that Sluice does not set dropped unless it names the default port anyway.
     */
    Map<String, String> repairedOptions(Map<String, String> actual) {
        Map<String, String> repaired = new TreeMap<>(actual);
        repaired.putAll(options);
        if (!options.containsKey(LOCAL_IP)) {
            repaired.remove(LOCAL_IP);
        }
        String dstPort = actual.get(DST_PORT);
        if (!options.containsKey(DST_PORT) && dstPort != null && !dstPort.equals(Integer.toString(VXLAN_IANA_PORT))) {
            repaired.remove(DST_PORT);
        }
        return repaired;
    }
}
