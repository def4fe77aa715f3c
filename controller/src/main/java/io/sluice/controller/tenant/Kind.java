package io.sluice.controller.tenant;

import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;

/**
 * The kinds of store document the tenant repository owns: the model's records, quotas, router bindings, and the
 * guard keys that keep allocations unique under concurrent writers (a guard is written with a must-not-exist
 * precondition in the same commit as the record holding the allocation, and deleted with it).
 */
public enum Kind {
    NETWORK("network", Network.class),
    SUBNET("subnet", Subnet.class),
    PORT("port", Port.class),
    ROUTER("router", Router.class),
    FLOATING_IP("floatingip", FloatingIp.class),
    PORT_FORWARDING("portforwarding", PortForwarding.class),
    /** A project's quota limits that differ from the defaults. */
    QUOTA("quota", null),
    /** The host whose L3 agent hosts a router, id the router's. */
    ROUTER_HOST("routerhost", null),
    /** Guard: an address on a subnet, id "subnetId/ip". */
    IP("ip", null),
    /** Guard: a MAC address on a network, id "networkId/mac". */
    MAC("mac", null),
    /** Guard: a VXLAN network identifier, id the number. */
    VNI("vni", null),
    /** Guard: the one flat network of a physical network, id the physical network. */
    FLAT("flat", null),
    /** Guard: a VLAN id on a physical network, id "physicalNetwork/vlan". */
    VLAN("vlan", null),
    /** Guard: a floating IP's forwarded port, id "floatingIpId/protocol/externalPort". */
    FORWARDED_PORT("forwardedport", null),
    /** Guard: the target of a port forwarding, id "portId/ip/protocol/internalPort". */
    FORWARD_TARGET("forwardtarget", null),
    /**
     * Guard: an MPLS label, id the number. Unlike the other guards it outlives its holder for a while: a released
     * label's guard is rewritten with the release time and stays until the label is reused after its quarantine.
     */
    MPLS_LABEL("mplslabel", null);

    private final String storeName;
    private final Class<?> recordType;

    Kind(String storeName, Class<?> recordType) {
        this.storeName = storeName;
        this.recordType = recordType;
    }

    /** The document kind in the store. */
    public String storeName() {
        return storeName;
    }

    /** The model record its documents hold, or null for quotas, bindings and guards. */
    Class<?> recordType() {
        return recordType;
    }

    boolean holdsRecords() {
        return recordType != null;
    }

    /** Whether its documents are guards: each names the record holding the allocation its id says. */
    boolean guardsAllocation() {
        return recordType == null && this != QUOTA && this != ROUTER_HOST;
    }
}
