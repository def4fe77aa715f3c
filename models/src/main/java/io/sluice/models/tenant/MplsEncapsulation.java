package io.sluice.models.tenant;

/**
 * How a deployment carries MPLS-labelled packets between hypervisors, and what that costs a VM's MTU.
 * Both verified on OVS 3.1 (lab notes); MPLS over UDP (bareudp) is not.
 */
public enum MplsEncapsulation {
    /**
     * OpenContrail's MPLSoGRE without an inner Ethernet header ({@code type=gre options:packet_type=legacy_l3},
     * GRE protocol 0x8847): outer IPv4 20 + GRE 4 + label 4 = 28 bytes.
     */
    GRE(20 + 4 + 4),
    /** The label inside Ethernet-in-VXLAN: VXLAN's 50 (outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8) + label 4. */
    VXLAN(50 + 4);

    private final int overhead;

    MplsEncapsulation(int overhead) {
        this.overhead = overhead;
    }

    /** The bytes the encapsulation adds to a VM's IP packet on the underlay. */
    public int overhead() {
        return overhead;
    }
}
