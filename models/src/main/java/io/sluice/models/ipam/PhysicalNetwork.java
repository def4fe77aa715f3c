package io.sluice.models.ipam;

import io.sluice.models.tenant.ValidationException;
import java.util.Optional;

/**
 * A physical network the deployment has, as the operator configures it in ML2's network_vlan_ranges form:
 * {@code physnet1} (flat, and VLANs only with an explicit id) or {@code physnet1:100:199} (also the VLAN ids
 * handed out to VLAN networks created without one). Every listed physical network takes one flat network.
 *
 * @param tenantVlans the VLAN ids allocated when none is asked for; empty when none are
 */
public record PhysicalNetwork(String name, Optional<VlanRange> tenantVlans) {
    /** VLAN ids from first to last, both included, within 1..4094. */
    public record VlanRange(int first, int last) {
        public VlanRange {
            if (first < 1 || last > 4094 || first > last) {
                throw new ValidationException("network_vlan_ranges", first + ":" + last
                        + " is not a range within 1:4094");
            }
        }

        public boolean contains(int vlan) {
            return first <= vlan && vlan <= last;
        }
    }

    public PhysicalNetwork {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ValidationException("physical_network", "'" + name + "' must be 1..64 of letters, digits, _.-");
        }
        tenantVlans = tenantVlans == null ? Optional.empty() : tenantVlans;
    }

    /** {@code NAME} or {@code NAME:FIRST:LAST}. */
    public static PhysicalNetwork parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length == 1) {
            return new PhysicalNetwork(parts[0], Optional.empty());
        }
        if (parts.length != 3) {
            throw new ValidationException("network_vlan_ranges", "'" + text + "' must be NAME or NAME:FIRST:LAST");
        }
        try {
            return new PhysicalNetwork(parts[0],
                    Optional.of(new VlanRange(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]))));
        } catch (NumberFormatException e) {
            throw new ValidationException("network_vlan_ranges", "'" + text + "': VLAN ids must be numbers");
        }
    }
}
