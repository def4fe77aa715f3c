package io.sluice.controller.pipeline;

import java.util.Arrays;
import java.util.Optional;

/** The compiler that owns a flow; its code is part of the flow's cookie. */
public enum Owner {
    /** The pipeline's skeleton: table-miss flows. */
    PIPELINE(1),
    /** Operator-supplied static flows. */
    OPERATOR(2),
    /** Which VM port or VXLAN tunnel a packet came from, and its network (tag: the port, or the network). */
    CLASSIFY(3),
    /** A VM port may send only from its own MAC and addresses (tag: the port). */
    PORT_SECURITY(4),
    /** ARP requests for a port's address answered in place (tag: the port owning the address). */
    ARP_RESPONDER(5),
    /** DHCP from a VM port punted to the controller (tag: the port). */
    DHCP_PUNT(6),
    /** Unicast to a known MAC: to its local port or through a tunnel to its host (tag: the port). */
    L2_UNICAST(7),
    /** Broadcast, multicast and unknown unicast to a network's flood group (tag: the network). */
    L2_FLOOD(8),
    /** Flat and VLAN networks: packets from a physical network's patch port, by VLAN id (tag: the network). */
    PROVIDER_CLASSIFY(9),
    /** MPLS networks: ARP requests in a VRF answered with the virtual gateway MAC (tag: the network). */
    VRF_ARP(10),
    /** MPLS networks: a VRF's routes to a port, local or labelled to its host (tag: the port). */
    VRF_ROUTE(11),
    /** MPLS networks: a labelled packet for a local port, label popped and delivered (tag: the port). */
    MPLS_RECEIVE(12),
    /**
     * A live migration's destination, readied before the activation: the moved VM's first packet punted (it
     * activates the binding), traffic from other hosts delivered, its inactive label received (tag: the port).
     */
    MIGRATION(13);

    private final int code;

    Owner(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Owner> byCode(int code) {
        return Arrays.stream(values()).filter(o -> o.code == code).findFirst();
    }
}
