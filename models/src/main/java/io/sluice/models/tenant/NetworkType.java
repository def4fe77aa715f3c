package io.sluice.models.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A network's segmentation, by Neutron's {@code provider:network_type} name. */
public enum NetworkType {
    /** An overlay: Ethernet in VXLAN between hypervisors, a VNI per network. */
    VXLAN,
    /** An overlay in the OpenContrail model: a VRF per network, an MPLS label per port. */
    MPLS,
    /** A provider network: untagged on a physical network. */
    FLAT,
    /** A provider network: a VLAN on a physical network. */
    VLAN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NetworkType> byWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    public boolean isOverlay() {
        return this == VXLAN || this == MPLS;
    }
}
