package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * /v2.0/floatingips: addresses of external networks, each held by a port (device_owner network:floatingip, no
 * project) so IPAM never gives it twice, optionally mapped to a port's fixed address through a router.
 */
final class FloatingIpHandler {
    private static final Set<String> PUT = Set.of("port_id", "fixed_ip_address", "description");
    private static final Set<String> POST = Set.of("floating_network_id", "floating_ip_address", "subnet_id",
            "port_id", "fixed_ip_address", "tenant_id", "project_id", "description");
    /** subnet_id is write-only: Neutron takes it at create and never shows it. */
    private static final Set<String> READABLE = PortHandler.union(FloatingIpJson.SCHEMA.attributes().keySet(), Set.of("subnet_id"));

    private final TenantRepository repository;
    private final Quotas quotas;
    private final ServicePorts ports;

    FloatingIpHandler(TenantRepository repository, Quotas quotas, ServicePorts ports) {
        this.repository = repository;
        this.quotas = quotas;
        this.ports = ports;
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        return Resources.list(call, FloatingIpJson.SCHEMA, state.model().floatingIps().values().stream()
                .filter(f -> call.policy().owns(f.projectId())).map(f -> view(state, f)).toList());
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        return Resources.show(call, FloatingIpJson.SCHEMA, "floatingip", view(state, visible(call, state, call.id())));
    }

    Reply create(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "floatingip", true, POST, PUT, READABLE);
        Policy policy = call.policy();
        String networkId = attrs.uuid("floating_network_id");
        if (networkId == null) {
            throw ApiError.badRequest("Failed to parse request. Required attribute 'floating_network_id' not "
                    + "specified");
        }
        String address = attrs.nullableString("floating_ip_address", null);
        if (address != null && !policy.isAdmin()) {
            throw ApiError.policy("rule:create_floatingip:floating_ip_address");
        }
        String requestedAddress = address == null ? null : Check.ipv4("floating_ip_address", address);
        String subnetId = attrs.has("subnet_id") && attrs.nullableString("subnet_id", null) != null
                ? attrs.uuid("subnet_id") : null;
        String portId = attrs.has("port_id") && attrs.nullableString("port_id", null) != null
                ? attrs.uuid("port_id") : null;
        String fixedIp = fixedIp(attrs);
        String project = policy.owner(attrs.string("project_id", null), attrs.string("tenant_id", null));
        String description = attrs.string("description", "");
        String id = UUID.randomUUID().toString();
        TenantState after = repository.mutate(state -> {
            Network network = RouterGateways.externalNetwork(policy, state, networkId, "floatingip");
            quotas.check(state, project, "floatingip", 1);
            List<FixedIpPlanner.Request> requested = requestedAddress != null || subnetId != null
                    ? List.of(new FixedIpPlanner.Request(subnetId, requestedAddress)) : null;
            Port holder = ports.create(state, network, "", id, FloatingIp.OWNER, requested);
            if (holder.fixedIps().isEmpty()) {
                throw ApiError.badResource("floatingip", "Network " + networkId + " does not contain any IPv4 "
                        + "subnet");
            }
            FloatingIp fip = new FloatingIp(id, project, networkId, holder.fixedIps().get(0).ipAddress(), null, null,
                    null, description, PortStatus.DOWN, 0);
            if (portId != null) {
                fip = FloatingIpAssociation.of(policy, state.model(), fip, portId, fixedIp).applyTo(fip, description);
            }
            Changes changes = Changes.of().put(holder, "").put(fip, description)
                    .read(ResourceKey.network(networkId));
            holder.fixedIps().forEach(ip -> changes.read(ResourceKey.subnet(ip.subnetId())));
            readAssociation(changes, fip);
            return changes;
        });
        return Reply.created(Map.of("floatingip", view(after, after.model().floatingIps().get(id))));
    }

    Reply update(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "floatingip", false, POST, PUT, READABLE);
        Policy policy = call.policy();
        String fixedIp = fixedIp(attrs);
        boolean portGiven = attrs.has("port_id");
        String portId = portGiven && attrs.nullableString("port_id", null) != null ? attrs.uuid("port_id") : null;
        TenantState after = repository.mutate(state -> {
            FloatingIp old = visible(call, state, call.id());
            String description = attrs.string("description", old.description());
            // Without port_id the association stays (a description-only update keeps it), unless fixed_ip_address
            // moves it to another address of the same port.
            String targetPort = portGiven ? portId : old.portId();
            FloatingIpAssociation association = targetPort == null ? FloatingIpAssociation.NONE
                    : !portGiven && fixedIp == null ? new FloatingIpAssociation(old.portId(), old.fixedIpAddress(),
                    old.routerId()) : FloatingIpAssociation.of(policy, state.model(), old, targetPort, fixedIp);
            FloatingIp fip = association.applyTo(old, description);
            Changes changes = Changes.of().put(fip, description);
            readAssociation(changes, fip);
            return changes;
        });
        return Reply.ok(Map.of("floatingip", view(after, after.model().floatingIps().get(call.id()))));
    }

    Reply delete(Call call) {
        repository.mutate(state -> {
            FloatingIp fip = visible(call, state, call.id());
            Changes changes = Changes.of().delete(fip);
            holder(state, fip).ifPresent(changes::delete);
            L3Topology.forwardingsOf(state.model(), fip.id()).forEach(changes::delete);
            return changes;
        });
        return Reply.noContent();
    }

    static Map<String, Object> view(TenantState state, FloatingIp fip) {
        return FloatingIpJson.view(state.model(), fip, state.standard(ResourceKey.floatingIp(fip.id())).orElseThrow());
    }

    /** The floating IP if the caller's project owns it (or the caller is the admin), else 404. */
    static FloatingIp visible(Call call, TenantState state, String id) {
        FloatingIp fip = state.model().floatingIps().get(id);
        if (fip == null || !call.policy().owns(fip.projectId())) {
            throw FloatingIpJson.SCHEMA.notFound().apply(id);
        }
        return fip;
    }

    /** The port that holds the floating IP's address. */
    static Optional<Port> holder(TenantState state, FloatingIp fip) {
        return state.model().ports().values().stream()
                .filter(p -> p.deviceOwner().equals(FloatingIp.OWNER) && p.deviceId().equals(fip.id())).findFirst();
    }

    /** The mapping holds only while the port and the router it was checked against are as read. */
    private static void readAssociation(Changes changes, FloatingIp fip) {
        if (fip.isAssociated()) {
            changes.read(ResourceKey.port(fip.portId())).read(ResourceKey.router(fip.routerId()));
        }
    }

    private static String fixedIp(Attrs attrs) {
        String fixedIp = attrs.nullableString("fixed_ip_address", null);
        return fixedIp == null ? null : Check.ipv4("fixed_ip_address", fixedIp);
    }
}
