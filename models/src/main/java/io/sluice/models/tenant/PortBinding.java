package io.sluice.models.tenant;

import java.util.Map;

/**
 * Where a port is bound, Neutron's binding:* attributes: Nova sets the host and profile; Sluice answers with
 * the VIF type and details os-vif needs.
 *
 * @param hostId  the hypervisor (Nova's host name = the agent's host), or "" when unbound
 * @param profile Nova's binding:profile, kept as given (e.g. migrating_to)
 */
public record PortBinding(String hostId, Map<String, String> profile) {
    public static final PortBinding UNBOUND = new PortBinding("", Map.of());

    public PortBinding {
        hostId = Check.name("binding:host_id", hostId);
        profile = profile == null ? Map.of() : Map.copyOf(profile);
    }

    public boolean isBound() {
        return !hostId.isEmpty();
    }
}
