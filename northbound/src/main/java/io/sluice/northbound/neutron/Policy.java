package io.sluice.northbound.neutron;

import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import io.sluice.northbound.keystone.AuthContext;
import java.util.Map;
import java.util.Set;

/**
 * Neutron's default policy for the calls Sluice serves. The role {@code admin} sees and changes everything. A
 * member sees its project's resources, shared networks (and their subnets) and the ports on networks it owns;
 * it changes only its own; some attributes are the admin's or the network owner's to set, and the admin's to
 * see. What a caller may not see answers 404, never 403, so nothing is given away.
 */
public final class Policy {
    /** Attributes only an admin sees (get_network:provider:*, get_port:binding:*, Sluice's MPLS label). */
    private static final Set<String> ADMIN_VISIBLE = Set.of("provider:network_type", "provider:physical_network",
            "provider:segmentation_id", "binding:host_id", "binding:profile", "binding:vif_type",
            "binding:vif_details", PortJson.MPLS_LABEL);
    /** Attributes only an admin sets. */
    private static final Map<String, Set<String>> ADMIN_WRITABLE = Map.of(
            "network", Set.of("provider:network_type", "provider:physical_network", "provider:segmentation_id",
                    "router:external", "shared"),
            "port", Set.of("binding:host_id", "binding:profile"));
    /** Port attributes the admin or the network's owner sets (rule:admin_or_network_owner). */
    private static final Set<String> NETWORK_OWNER_WRITABLE = Set.of("mac_address", "port_security_enabled",
            "allowed_address_pairs");

    private final AuthContext auth;

    public Policy(AuthContext auth) {
        this.auth = auth;
    }

    AuthContext auth() {
        return auth;
    }

    public boolean isAdmin() {
        return auth.isAdmin();
    }

    String projectId() {
        return auth.projectId();
    }

    public boolean owns(String projectId) {
        return isAdmin() || auth.projectId().equals(projectId);
    }

    /** As Neutron's get_network: external networks (floating IP pools) are seen by every project too. */
    public boolean canSee(Network network) {
        return owns(network.projectId()) || network.shared() || network.external();
    }

    /** Ports go on the caller's own networks and shared ones, not on an external network it merely sees. */
    boolean canAttach(Network network) {
        return owns(network.projectId()) || network.shared();
    }

    public boolean canSee(TenantModel model, Subnet subnet) {
        Network network = model.networks().get(subnet.networkId());
        return owns(subnet.projectId()) || network != null && canAttach(network);
    }

    public boolean canSee(TenantModel model, Port port) {
        Network network = model.networks().get(port.networkId());
        return owns(port.projectId()) || network != null && owns(network.projectId());
    }

    /** The view without what this caller may not see. */
    Map<String, Object> strip(Map<String, Object> view) {
        if (!isAdmin()) {
            view.keySet().removeAll(ADMIN_VISIBLE);
        }
        return view;
    }

    /**
     * Checks the attributes a create or update sets against the admin-only ones.
     *
     * @param action e.g. "create_network"
     */
    void checkAttributes(String action, String resource, Set<String> given) {
        if (isAdmin()) {
            return;
        }
        for (String attribute : ADMIN_WRITABLE.getOrDefault(resource, Set.of())) {
            if (given.contains(attribute)) {
                throw ApiError.policy("rule:" + action + ":" + attribute);
            }
        }
    }

    /** Port attributes only the admin or the owner of the port's network sets. */
    void checkNetworkOwnerAttributes(String action, Network network, Set<String> given, boolean fixedIpAddress,
                                     String deviceOwner) {
        if (owns(network.projectId())) {
            return;
        }
        for (String attribute : NETWORK_OWNER_WRITABLE) {
            if (given.contains(attribute)) {
                throw ApiError.policy("rule:" + action + ":" + attribute);
            }
        }
        if (fixedIpAddress) {
            throw ApiError.policy("rule:" + action + ":fixed_ips:ip_address");
        }
        if (deviceOwner != null && deviceOwner.startsWith("network:")) {
            throw ApiError.policy("rule:" + action + ":device_owner");
        }
    }

    /**
     * The project a new resource belongs to: the caller's, or the one given in project_id/tenant_id, which must
     * agree and may name another project only for an admin.
     */
    String owner(String projectId, String tenantId) {
        if (projectId != null && tenantId != null && !projectId.equals(tenantId)) {
            throw ApiError.badRequest("'project_id' and 'tenant_id' do not match");
        }
        String given = projectId != null ? projectId : tenantId;
        if (given == null) {
            return auth.projectId();
        }
        if (!given.equals(auth.projectId()) && !isAdmin()) {
            throw ApiError.badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project "
                    + "in request is not allowed for current user.");
        }
        return given;
    }
}
