package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.TenantModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * /v2.0/floatingips/{id}/port_forwardings: one protocol and port of a floating IP forwarded to a port of a fixed
 * address, with the checks of Neutron's port-forwarding plugin: not on a floating IP mapped to a port, the address
 * one of the internal port's and reachable through a router with a gateway on the floating IP's network (the same
 * router for all of a floating IP's forwardings), and no forwarded port or target twice.
 */
final class PortForwardingHandler {
    static final Schema SCHEMA = new Schema("port_forwardings", Map.ofEntries(
            Map.entry("id", Schema.Kind.STRING), Map.entry("protocol", Schema.Kind.STRING),
            Map.entry("external_port", Schema.Kind.INTEGER), Map.entry("internal_port", Schema.Kind.INTEGER),
            Map.entry("internal_ip_address", Schema.Kind.STRING), Map.entry("internal_port_id", Schema.Kind.STRING),
            Map.entry("description", Schema.Kind.STRING)),
            Map.of(), id -> ApiError.notFound("PortForwardingNotFound", "Port Forwarding " + id
                    + " could not be found."));
    private static final Set<String> WRITABLE = Set.of("protocol", "external_port", "internal_port",
            "internal_ip_address", "internal_port_id", "description");

    private final TenantRepository repository;

    PortForwardingHandler(TenantRepository repository) {
        this.repository = repository;
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        FloatingIp fip = FloatingIpHandler.visible(call, state, call.parentId());
        return Resources.list(call, SCHEMA, L3Topology.forwardingsOf(state.model(), fip.id()).stream()
                .map(PortForwardingHandler::view).toList());
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        return Resources.show(call, SCHEMA, "port_forwarding", view(visible(call, state)));
    }

    Reply create(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "port_forwarding", true, WRITABLE, WRITABLE, WRITABLE);
        for (String required : List.of("protocol", "external_port", "internal_port", "internal_port_id")) {
            if (!attrs.has(required)) {
                throw ApiError.badRequest("Failed to parse request. Required attribute '" + required
                        + "' not specified");
            }
        }
        String id = UUID.randomUUID().toString();
        TenantState after = repository.mutate(state -> {
            FloatingIp fip = FloatingIpHandler.visible(call, state, call.parentId());
            PortForwarding forwarding = checked(call.policy(), state.model(), fip, new PortForwarding(id, fip.id(),
                    attrs.string("protocol", null), portNumber(attrs, "external_port", null),
                    portNumber(attrs, "internal_port", null), attrs.uuid("internal_port_id"),
                    internalAddress(state.model(), attrs, attrs.uuid("internal_port_id")),
                    attrs.string("description", ""), 0));
            return changes(forwarding, fip);
        });
        return Reply.created(Map.of("port_forwarding", view(after.model().portForwardings().get(id))));
    }

    Reply update(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "port_forwarding", false, WRITABLE, WRITABLE, WRITABLE);
        TenantState after = repository.mutate(state -> {
            PortForwarding old = visible(call, state);
            FloatingIp fip = state.model().floatingIps().get(old.floatingIpId());
            String portId = attrs.has("internal_port_id") ? attrs.uuid("internal_port_id") : old.internalPortId();
            String address = attrs.has("internal_ip_address") || !portId.equals(old.internalPortId())
                    ? internalAddress(state.model(), attrs, portId) : old.internalIpAddress();
            PortForwarding forwarding = checked(call.policy(), state.model(), fip, new PortForwarding(old.id(),
                    fip.id(), attrs.string("protocol", old.protocol()),
                    portNumber(attrs, "external_port", old.externalPort()),
                    portNumber(attrs, "internal_port", old.internalPort()), portId, address,
                    attrs.string("description", old.description()), old.revision()));
            return changes(forwarding, fip);
        });
        return Reply.ok(Map.of("port_forwarding", view(after.model().portForwardings().get(call.id()))));
    }

    Reply delete(Call call) {
        repository.mutate(state -> Changes.of().delete(visible(call, state)));
        return Reply.noContent();
    }

    private static Changes changes(PortForwarding forwarding, FloatingIp fip) {
        return Changes.of().put(forwarding, forwarding.description()).read(ResourceKey.floatingIp(fip.id()))
                .read(ResourceKey.port(forwarding.internalPortId()));
    }

    private static PortForwarding visible(Call call, TenantState state) {
        FloatingIp fip = FloatingIpHandler.visible(call, state, call.parentId());
        PortForwarding forwarding = state.model().portForwardings().get(call.id());
        if (forwarding == null || !forwarding.floatingIpId().equals(fip.id())) {
            throw SCHEMA.notFound().apply(call.id());
        }
        return forwarding;
    }

    /** A port number, which JSON null is not (to {@link Attrs#integer} null means "not given"). */
    private static Integer portNumber(Attrs attrs, String name, Integer otherwise) {
        JsonNode value = attrs.raw(name);
        if (value != null && value.isNull()) {
            throw ApiError.invalid(name, "'None' is not a valid port number");
        }
        return attrs.integer(name, otherwise);
    }

    /** The address given, or the port's first, as Neutron chooses when none is given. */
    private static String internalAddress(TenantModel model, Attrs attrs, String portId) {
        String given = attrs.string("internal_ip_address", null);
        if (given != null) {
            return Check.ipv4("internal_ip_address", given);
        }
        Port port = model.ports().get(portId);
        if (port == null) {
            throw PortJson.SCHEMA.notFound().apply(portId);
        }
        if (port.fixedIps().isEmpty()) {
            throw ApiError.badResource("port_forwarding", "Requested internal port " + portId
                    + " must allocate an IPv4 address at least.");
        }
        return port.fixedIps().get(0).ipAddress();
    }

    private static PortForwarding checked(Policy policy, TenantModel model, FloatingIp fip, PortForwarding pf) {
        if (fip.isAssociated()) {
            throw ApiError.conflict("FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                    + fip.floatingIpAddress() + " (" + fip.id() + ") with port " + pf.internalPortId()
                    + " using fixed IP " + pf.internalIpAddress() + ", as that fixed IP already has a floating IP on "
                    + "external network " + fip.floatingNetworkId() + ".");
        }
        Port port = model.ports().get(pf.internalPortId());
        if (port == null || !policy.canSee(model, port)) {
            throw PortJson.SCHEMA.notFound().apply(pf.internalPortId());
        }
        String subnet = L3Topology.subnetOf(model, port.id(), pf.internalIpAddress()).orElseThrow(() ->
                ApiError.badResource("port_forwarding", "Requested internal IP address " + pf.internalIpAddress()
                        + " is not suitable for internal neutron port " + port.id() + ", as its fixed_ips are "
                        + port.fixedIps().stream().map(ip -> ip.ipAddress()).toList()));
        String router = L3Topology.routerFor(model, fip.floatingNetworkId(), subnet).orElseThrow(() ->
                ApiError.badResource("port_forwarding", "External network " + fip.floatingNetworkId()
                        + " is not reachable from subnet " + subnet + ". Cannot set Port forwarding for port "
                        + port.id() + " with Floating IP " + fip.id())).id();
        List<PortForwarding> others = L3Topology.forwardingsOf(model, fip.id()).stream()
                .filter(other -> !other.id().equals(pf.id())).toList();
        String fipRouter = others.isEmpty() ? null : L3Topology.routerOf(model, fip).orElse(null);
        if (fipRouter != null && !fipRouter.equals(router)) {
            throw ApiError.badResource("port_forwarding", "The Floating IP " + fip.id() + " had been set on router "
                    + fipRouter + ", the internal Neutron port " + port.id() + " can not reach it");
        }
        for (PortForwarding other : model.portForwardings().values()) {
            if (other.id().equals(pf.id())) {
                continue;
            }
            boolean sameExternal = other.floatingIpId().equals(pf.floatingIpId())
                    && other.protocol().equals(pf.protocol()) && other.externalPort() == pf.externalPort();
            boolean sameTarget = other.internalPortId().equals(pf.internalPortId())
                    && other.internalIpAddress().equals(pf.internalIpAddress())
                    && other.protocol().equals(pf.protocol()) && other.internalPort() == pf.internalPort();
            if (sameExternal || sameTarget) {
                throw ApiError.badResource("port_forwarding", "A duplicate port forwarding entry with same "
                        + "attributes already exists, conflicting values are " + (sameExternal
                        ? "{'floatingip_id': '" + fip.id() + "', 'external_port': " + pf.externalPort() + "}"
                        : "{'internal_port_id': '" + pf.internalPortId() + "', 'internal_ip_address': '"
                        + pf.internalIpAddress() + "', 'internal_port': " + pf.internalPort() + "}"));
            }
        }
        return pf;
    }

    static Map<String, Object> view(PortForwarding pf) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", pf.id());
        view.put("protocol", pf.protocol());
        view.put("external_port", pf.externalPort());
        view.put("internal_port", pf.internalPort());
        view.put("internal_ip_address", pf.internalIpAddress());
        view.put("internal_port_id", pf.internalPortId());
        view.put("description", Objects.requireNonNullElse(pf.description(), ""));
        return view;
    }
}
