package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MacAllocator;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.AllowedAddressPair;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * /v2.0/ports: addresses, MACs, port security, the binding Nova sets and os-vif reads, and the MPLS label a
 * port of an MPLS network holds while bound.
 */
final class PortHandler {
    private static final Set<String> PUT = Set.of("name", "mac_address", "fixed_ips", "device_id", "device_owner",
            "admin_state_up", "port_security_enabled", "allowed_address_pairs", "binding:host_id", "binding:profile",
            "binding:vnic_type", "description");
    private static final Set<String> POST = union(PUT, Set.of("network_id", "tenant_id", "project_id"));

    /**
     * One port of a POST, read and checked before its commit is planned.
     *
     * @param attributes the attribute names the request set (for the network owner's policy)
     * @param mac        the MAC asked for, or null for a new one
     * @param fixedIps   the addresses asked for, or null for Neutron's default
     */
    private record NewPort(String id, String networkId, String project, Set<String> attributes, String mac,
                           List<FixedIpPlanner.Request> fixedIps, String name, String deviceId, String deviceOwner,
                           boolean adminStateUp, boolean portSecurity, List<AllowedAddressPair> pairs,
                           PortBinding binding, String description) {
        static NewPort parse(Policy policy, JsonNode body) {
            Attrs attrs = Attrs.parse(body, "port", true, POST, PUT, PortJson.SCHEMA.attributes().keySet());
            policy.checkAttributes("create_port", "port", attrs.names());
            String networkId = attrs.uuid("network_id");
            if (networkId == null) {
                throw ApiError.badRequest("Failed to parse request. Required attribute 'network_id' not specified");
            }
            vnicType(attrs);
            return new NewPort(UUID.randomUUID().toString(), networkId,
                    policy.owner(attrs.string("project_id", null), attrs.string("tenant_id", null)), attrs.names(),
                    attrs.has("mac_address") ? Check.mac("mac_address", attrs.string("mac_address", null)) : null,
                    FixedIpPlanner.parse(attrs), attrs.string("name", ""), attrs.string("device_id", ""),
                    attrs.string("device_owner", ""), attrs.bool("admin_state_up", true),
                    attrs.bool("port_security_enabled", true), PortHandler.pairs(attrs, List.of()),
                    PortHandler.binding(attrs, PortBinding.UNBOUND), attrs.string("description", ""));
        }
    }

    private final TenantRepository repository;
    private final Quotas quotas;
    private final Binding binding;
    private final MplsLabels labels;
    private final MacAllocator macs = new MacAllocator(new SecureRandom(), MacAllocator.DEFAULT_ATTEMPTS);

    PortHandler(TenantRepository repository, Quotas quotas, Binding binding, MplsLabels labels) {
        this.repository = repository;
        this.quotas = quotas;
        this.binding = binding;
        this.labels = labels;
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        return Resources.list(call, PortJson.SCHEMA, state.model().ports().values().stream()
                .filter(p -> call.policy().canSee(state.model(), p)).map(p -> view(call.policy(), state, p)).toList());
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        return Resources.show(call, PortJson.SCHEMA, "port",
                view(call.policy(), state, visible(call, state, call.id())));
    }

    /** One port, or Neutron's bulk create ({@link CreateBody}): every port in one commit, or none. */
    Reply create(Call call) {
        CreateBody body = CreateBody.parse(call.body(), "port", "ports");
        Policy policy = call.policy();
        List<NewPort> requests = body.items().stream().map(item -> NewPort.parse(policy, item)).toList();
        Set<String> networkIds = requests.stream().map(NewPort::networkId).collect(Collectors.toSet());
        TenantState after = repository.mutate(state -> {
            quotas.check(state, "port", requests.stream().map(NewPort::project).toList());
            PortAllocations taken = PortAllocations.of(state, networkIds, null);
            Changes changes = Changes.of();
            for (NewPort request : requests) {
                Port port = plan(call, state, taken, request);
                taken.add(port);
                changes.put(port, request.description()).read(ResourceKey.network(port.networkId()));
                port.fixedIps().forEach(ip -> changes.read(ResourceKey.subnet(ip.subnetId())));
            }
            return changes;
        });
        return body.created(requests.stream()
                .map(r -> view(policy, after, after.model().ports().get(r.id()))).toList());
    }

    /** The port a request makes, given what the state and the ports planned before it in the commit hold. */
    private Port plan(Call call, TenantState state, PortAllocations taken, NewPort request) {
        Policy policy = call.policy();
        Network network = NetworkHandler.visible(call, state, request.networkId());
        if (!policy.canAttach(network)) {
            throw NetworkJson.SCHEMA.notFound().apply(request.networkId());
        }
        policy.checkNetworkOwnerAttributes("create_port", network, request.attributes(),
                hasAddress(request.fixedIps()), request.deviceOwner());
        String address = request.mac() != null ? taken.unusedMac(network, request.mac())
                : taken.newMac(macs, network);
        List<FixedIp> ips = new FixedIpPlanner(state, network, taken).plan(request.fixedIps(), List.of());
        PortBinding binding = labels.bind(network, PortBinding.UNBOUND, request.binding(), taken.labels(),
                state.releasedLabels(), repository.now());
        return checkPairs(new Port(request.id(), request.project(), network.id(), request.name(), address, ips,
                request.deviceId(), request.deviceOwner(), request.adminStateUp(), request.portSecurity(),
                request.pairs(), binding, null, 0));
    }

    Reply update(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "port", false, POST, PUT, PortJson.SCHEMA.attributes().keySet());
        Policy policy = call.policy();
        List<FixedIpPlanner.Request> requested = FixedIpPlanner.parse(attrs);
        String mac = attrs.has("mac_address") ? Check.mac("mac_address", attrs.string("mac_address", null)) : null;
        vnicType(attrs);
        TenantState after = repository.mutate(state -> {
            Port old = visible(call, state, call.id());
            if (!policy.owns(old.projectId())) {
                throw ApiError.hidden();
            }
            policy.checkAttributes("update_port", "port", attrs.names());
            Network network = state.model().networks().get(old.networkId());
            String deviceOwner = attrs.string("device_owner", old.deviceOwner());
            policy.checkNetworkOwnerAttributes("update_port", network, attrs.names(), hasAddress(requested),
                    attrs.has("device_owner") ? deviceOwner : null);
            PortAllocations taken = PortAllocations.of(state, Set.of(network.id()), old.id());
            String address = mac == null || mac.equals(old.macAddress()) ? old.macAddress()
                    : taken.unusedMac(network, mac);
            List<FixedIp> ips = requested == null ? old.fixedIps()
                    : new FixedIpPlanner(state, network, taken).plan(requested, old.fixedIps());
            Port port = checkPairs(new Port(old.id(), old.projectId(), old.networkId(), attrs.string("name", old.name()),
                    address, ips, attrs.string("device_id", old.deviceId()), deviceOwner,
                    attrs.bool("admin_state_up", old.adminStateUp()),
                    attrs.bool("port_security_enabled", old.portSecurityEnabled()),
                    pairs(attrs, old.allowedAddressPairs()),
                    rebound(state, network, old.binding(), binding(attrs, old.binding())), old.status(),
                    old.revision()));
            Changes changes = Changes.of().put(port, attrs.string("description", null));
            ips.forEach(ip -> changes.read(ResourceKey.subnet(ip.subnetId())));
            Set<String> kept = ips.stream().map(FixedIp::ipAddress).collect(Collectors.toSet());
            releaseMappings(state.model(), changes, port.id(), ip -> !kept.contains(ip));
            return changes;
        });
        return Reply.ok(Map.of("port", view(policy, after, after.model().ports().get(call.id()))));
    }

    /**
     * Refuses the ports of routers and floating IPs, which go with them, as Neutron's prevent_l3_port_deletion;
     * floating IPs mapped to the port are disassociated and its port forwardings deleted, as Neutron does.
     */
    Reply delete(Call call) {
        repository.mutate(state -> {
            Port port = visible(call, state, call.id());
            if (isL3ServicePort(state.model(), port)) {
                throw ApiError.conflict("ServicePortInUse", "Port " + port.id() + " cannot be deleted directly via "
                        + "the port API: has device owner " + port.deviceOwner() + ".");
            }
            Changes changes = Changes.of().delete(port);
            releaseMappings(state.model(), changes, port.id(), ip -> true);
            return changes;
        });
        return Reply.noContent();
    }

    /**
     * Disassociates the floating IPs mapped to the port's addresses that go, and deletes the port forwardings to
     * them, in the same commit: a mapping to an address the port no longer has would be NATed to nobody.
     */
    private static void releaseMappings(TenantModel model, Changes changes, String portId, Predicate<String> gone) {
        model.floatingIps().values().stream().filter(f -> portId.equals(f.portId()) && gone.test(f.fixedIpAddress()))
                .forEach(f -> changes.put(FloatingIpAssociation.NONE.applyTo(f, f.description()), null));
        model.portForwardings().values().stream()
                .filter(pf -> pf.internalPortId().equals(portId) && gone.test(pf.internalIpAddress()))
                .forEach(changes::delete);
    }

    /** A port a router or floating IP still holds; one left behind by a deleted owner may go. */
    private static boolean isL3ServicePort(TenantModel model, Port port) {
        return switch (port.deviceOwner()) {
            case Router.INTERFACE_OWNER, Router.GATEWAY_OWNER -> model.routers().containsKey(port.deviceId());
            case FloatingIp.OWNER -> model.floatingIps().containsKey(port.deviceId());
            default -> false;
        };
    }

    /** The port with other addresses, all else as it is. */
    static Port withFixedIps(Port port, List<FixedIp> ips) {
        return copy(port, port.macAddress(), ips);
    }

    private Map<String, Object> view(Policy policy, TenantState state, Port port) {
        return policy.strip(binding.view(port, state.model().networks().get(port.networkId()),
                state.standard(ResourceKey.port(port.id())).orElseThrow()));
    }

    private static Port visible(Call call, TenantState state, String id) {
        Port port = state.model().ports().get(id);
        if (port == null || !call.policy().canSee(state.model(), port)) {
            throw PortJson.SCHEMA.notFound().apply(id);
        }
        return port;
    }

    private static Port copy(Port port, String mac, List<FixedIp> ips) {
        return new Port(port.id(), port.projectId(), port.networkId(), port.name(), mac, ips, port.deviceId(),
                port.deviceOwner(), port.adminStateUp(), port.portSecurityEnabled(), port.allowedAddressPairs(),
                port.binding(), port.status(), port.revision());
    }

    private static boolean hasAddress(List<FixedIpPlanner.Request> requested) {
        return requested != null && requested.stream().anyMatch(r -> r.ipAddress() != null);
    }

    private static List<AllowedAddressPair> pairs(Attrs attrs, List<AllowedAddressPair> otherwise) {
        List<AllowedAddressPair> pairs = attrs.list("allowed_address_pairs", e -> {
            ObjectNode pair = Attrs.dict("allowed_address_pairs", e, Set.of("ip_address", "mac_address"));
            return new AllowedAddressPair(Attrs.text("allowed_address_pairs", pair.get("ip_address")),
                    Attrs.text("allowed_address_pairs", pair.get("mac_address")));
        });
        if (pairs == null) {
            return otherwise;
        }
        if (new HashSet<>(pairs).size() != pairs.size()) {
            throw new ApiError(400, "DuplicateAddressPairInRequest", "Request contains duplicate address pair.");
        }
        return pairs;
    }

    private static Port checkPairs(Port port) {
        if (!port.portSecurityEnabled() && !port.allowedAddressPairs().isEmpty()) {
            throw ApiError.conflict("AddressPairAndPortSecurityRequired",
                    "Port Security must be enabled in order to have allowed address pairs on a port.");
        }
        return port;
    }

    /** The requested binding with the MPLS label it holds, keeps, or newly takes (see {@link MplsLabels#bind}). */
    private PortBinding labelled(TenantState state, Network network, PortBinding old, PortBinding requested) {
        return labels.bind(network, old, requested, state.heldLabels(), state.releasedLabels(), repository.now());
    }

    /**
     * The binding an update asks for, with what it keeps: its label ({@link #labelled}) and its inactive bindings
     * (binding-extended), all dropped when the port is unbound. Nova's older live migration is served too: a
     * {@code binding:profile} naming {@code migrating_to} a host readies an inactive binding there, so the
     * destination's flows are in place before the move, and setting {@code binding:host_id} to that host then
     * activates it, keeping the label the destination was readied with.
     */
    private PortBinding rebound(TenantState state, Network network, PortBinding old, PortBinding requested) {
        if (!requested.isBound()) {
            return labelled(state, network, old, requested);
        }
        PortBinding binding;
        if (!old.hostId().equals(requested.hostId()) && old.inactiveOn(requested.hostId()).isPresent()) {
            PortBinding activated = old.activate(requested.hostId());
            binding = new PortBinding(requested.hostId(), requested.profile(), activated.mplsLabel(),
                    activated.inactive().stream().filter(b -> !b.hostId().equals(old.hostId())).toList());
        } else {
            binding = labelled(state, network, old, requested).withInactive(old.inactive());
        }
        String destination = binding.profile().get(PortBinding.MIGRATING_TO);
        if (destination == null || destination.isBlank() || destination.equals(binding.hostId())
                || binding.inactiveOn(destination).isPresent()) {
            return binding;
        }
        return labels.ready(network, binding, destination, Map.of(), state.heldLabels(), state.releasedLabels(),
                repository.now());
    }

    /** binding:host_id null or "" unbinds (Nova's unbind); binding:profile null clears it. */
    private static PortBinding binding(Attrs attrs, PortBinding otherwise) {
        String host = attrs.has("binding:host_id") ? attrs.nullableString("binding:host_id", null)
                : otherwise.hostId();
        Map<String, String> profile = attrs.has("binding:profile") ? attrs.stringMap("binding:profile")
                : otherwise.profile();
        return new PortBinding(host == null ? "" : host, profile);
    }

    private static void vnicType(Attrs attrs) {
        String vnicType = attrs.string("binding:vnic_type", "normal");
        if (!vnicType.equals("normal")) {
            throw ApiError.invalid("binding:vnic_type", "'" + vnicType + "' is not supported; Sluice binds "
                    + "'normal' (virtio) ports only");
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return Set.copyOf(union);
    }
}
