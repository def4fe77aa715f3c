package io.sluice.models.tenant;

import io.sluice.models.agent.AgentInfo;

/**
 * How a deployment carries MPLS-labelled packets between hypervisors, and what that costs a VM's MTU.
 * Both verified on OVS 3.1 (lab notes); MPLS over UDP (bareudp) is not.
 */
public enum MplsEncapsulation {
    /**
     * OpenContrail's MPLSoGRE without an inner Ethernet header ({@code type=gre options:packet_type=legacy_l3},
     * GRE protocol 0x8847): outer IPv4 20 + GRE 4 + label 4 = 28 bytes.
     */
    GRE(20 + 4 + 4, AgentInfo.MPLSOGRE_TUNNEL),
    /**
     * The label inside Ethernet-in-VXLAN, through the VXLAN port with VNI 0 (never a network's): VXLAN's 50
     * (outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8) + label 4.
     */
    VXLAN(50 + 4, AgentInfo.VXLAN_TUNNEL);

    private final int overhead;
    private final String tunnelPortKind;

    MplsEncapsulation(int overhead, String tunnelPortKind) {
        this.overhead = overhead;
        this.tunnelPortKind = tunnelPortKind;
    }

    /** The kind of br-int tunnel port the labelled packets leave and arrive through ({@code AgentInfo.tunnelPorts}). */
    public String tunnelPortKind() {
        return tunnelPortKind;
    }

    /** The bytes the encapsulation adds to a VM's IP packet on the underlay. */
    public int overhead() {
        return overhead;
    }
}
