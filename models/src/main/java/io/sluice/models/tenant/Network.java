package io.sluice.models.tenant;

/**
 * A tenant or provider network.
 *
 * @param segmentationId  the VNI (VXLAN), the VRF number (MPLS: from the VNI pool, so the two never collide)
 *                        or the VLAN id; null for flat networks
 * @param physicalNetwork the physical network of a flat or VLAN network; null for overlays
 * @param mtu             the MTU its ports get (underlay MTU minus the encapsulation)
 * @param external        Neutron's router:external: a pool of floating IPs and router gateways
 */
public record Network(String id, String projectId, String name, boolean adminStateUp, boolean shared,
                      boolean external, NetworkType type, Integer segmentationId, String physicalNetwork, int mtu,
                      long revision) {
    public Network {
        id = Check.uuid("id", id);
        Check.name("project_id", projectId);
        name = Check.name("name", name);
        if (type == null) {
            throw new ValidationException("provider:network_type", "missing");
        }
        if (type.isOverlay() && (segmentationId == null || segmentationId < 1 || segmentationId > 0xFFFFFF)) {
            throw new ValidationException("provider:segmentation_id", "a VXLAN VNI or MPLS VRF number must be "
                    + "1..16777215");
        }
        if (type == NetworkType.VLAN && (segmentationId == null || segmentationId < 1 || segmentationId > 4094)) {
            throw new ValidationException("provider:segmentation_id", "a VLAN id must be 1..4094");
        }
        if (type == NetworkType.FLAT && segmentationId != null) {
            throw new ValidationException("provider:segmentation_id", type.wireName() + " networks have none");
        }
        if (type.isOverlay() != (physicalNetwork == null)) {
            throw new ValidationException("provider:physical_network", type.isOverlay()
                    ? "overlay networks have none" : "required for " + type.wireName() + " networks");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new ValidationException("mtu", mtu + " is out of range 68..65535");
        }
    }
}
