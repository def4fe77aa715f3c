package io.sluice.dataplane.bridge;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A port Sluice keeps on a bridge by name, with its type and options. Mostly a flow-based tunnel port on br-int:
 * one port reaches every peer, because the flows set the remote end and the VNI ({@code remote_ip=flow},
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
     * half for controllers), so ports plugged by Nova/os-vif, which ask for none, never take it; 65001 to
     * 65279 (the highest ofport_request OVS accepts) stay free for further tunnel kinds.
     */
    public static final int VXLAN_OFPORT = 65000;
    /** br-int's patch ports to physical networks ask for 65100 and up, in the order of the bridge mappings. */
    public static final int FIRST_PATCH_OFPORT = 65100;
    private static final String DST_PORT = "dst_port";

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
    public static TunnelPortSpec vxlan(String localIp, int udpPort) {
        if (localIp == null || localIp.isBlank()) {
            throw new IllegalArgumentException("a VXLAN port needs the host's tunnel IP");
        }
        Map<String, String> options = new TreeMap<>(Map.of("remote_ip", "flow", "key", "flow", "local_ip", localIp));
        if (udpPort != VXLAN_IANA_PORT) {
            options.put(DST_PORT, Integer.toString(udpPort));
        }
        return new TunnelPortSpec("vxlan", VXLAN_NAME, "vxlan", VXLAN_OFPORT, options);
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
     * and a {@code dst_port} that Sluice does not set dropped unless it names the default port anyway.
     */
    Map<String, String> repairedOptions(Map<String, String> actual) {
        Map<String, String> repaired = new TreeMap<>(actual);
        repaired.putAll(options);
        String dstPort = actual.get(DST_PORT);
        if (!options.containsKey(DST_PORT) && dstPort != null && !dstPort.equals(Integer.toString(VXLAN_IANA_PORT))) {
            repaired.remove(DST_PORT);
        }
        return repaired;
    }
}
