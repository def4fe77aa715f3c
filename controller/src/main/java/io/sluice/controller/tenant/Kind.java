package io.sluice.controller.tenant;

/**
 * The kinds of store document the tenant repository owns: the model's records, quotas, and the guard keys that
 * keep allocations unique under concurrent writers (a guard is written with a must-not-exist precondition in the
 * same commit as the record holding the allocation, and deleted with it).
 */
public enum Kind {
    NETWORK("network"),
    SUBNET("subnet"),
    PORT("port"),
    /** A project's quota limits that differ from the defaults. */
    QUOTA("quota"),
    /** Guard: an address on a subnet, id "subnetId/ip". */
    IP("ip"),
    /** Guard: a MAC address on a network, id "networkId/mac". */
    MAC("mac"),
    /** Guard: a VXLAN network identifier, id the number. */
    VNI("vni"),
    /** Guard: the one flat network of a physical network, id the physical network. */
    FLAT("flat"),
    /** Guard: a VLAN id on a physical network, id "physicalNetwork/vlan". */
    VLAN("vlan");

    private final String storeName;

    Kind(String storeName) {
        this.storeName = storeName;
    }

    /** The document kind in the store. */
    public String storeName() {
        return storeName;
    }
}
