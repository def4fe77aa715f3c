package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.ProviderSegments;
import io.sluice.models.ipam.SegmentAllocator;
import io.sluice.models.ipam.SegmentRange;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * /v2.0/networks: tenant networks of the configured type (VXLAN, a VNI each from the configured range, or MPLS,
 * labels per port and a VRF number from the same pool, shown as the segmentation id), and the admin's flat and VLAN provider networks on the configured physical
 * networks (checked as ML2's type drivers do).
 */
final class NetworkHandler {
    private static final Set<String> POST = Set.of("name", "tenant_id", "project_id", "admin_state_up", "shared",
            "router:external", "mtu", "port_security_enabled", "description", "provider:network_type",
            "provider:physical_network", "provider:segmentation_id");
    private static final Set<String> PUT = Set.of("name", "admin_state_up", "shared", "router:external", "mtu",
            "port_security_enabled", "description");
    /** Device owners whose ports go with their network, as Neutron's AUTO_DELETE_PORT_OWNERS. */
    private static final Set<String> AUTO_DELETE_OWNERS = Set.of("network:dhcp");

    private final TenantRepository repository;
    private final NeutronConfig config;
    private final Quotas quotas;
    private final SegmentAllocator segments;
    private final ProviderSegments providers;

    NetworkHandler(TenantRepository repository, NeutronConfig config, Quotas quotas) {
        this.repository = repository;
        this.config = config;
        this.quotas = quotas;
        this.segments = new SegmentAllocator(new SegmentRange(config.vniMin(), config.vniMax()));
        this.providers = new ProviderSegments(config.physicalNetworks());
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        return Resources.list(call, NetworkJson.SCHEMA, state.model().networks().values().stream()
                .filter(call.policy()::canSee).map(n -> view(call.policy(), state, n)).toList());
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        return Resources.show(call, NetworkJson.SCHEMA, "network",
                view(call.policy(), state, visible(call, state, call.id())));
    }

    /** One network, or Neutron's bulk create ({@link CreateBody}): every network in one commit, or none. */
    Reply create(Call call) {
        CreateBody body = CreateBody.parse(call.body(), "network", "networks");
        Policy policy = call.policy();
        List<NewNetwork> requests = body.items().stream().map(item -> newNetwork(policy, item)).toList();
        TenantState after = repository.mutate(state -> {
            quotas.check(state, "network", requests.stream().map(NewNetwork::project).toList());
            // The networks there are, with those planned before each item: segments are unique among all.
            List<Network> existing = new ArrayList<>(state.model().networks().values());
            Changes changes = Changes.of();
            for (NewNetwork request : requests) {
                Network network = request.network(segment(request, existing));
                existing.add(network);
                changes.put(network, request.description());
            }
            return changes;
        });
        return body.created(requests.stream()
                .map(r -> view(policy, after, after.model().networks().get(r.id()))).toList());
    }

    /**
     * One network of a POST, read and checked before its commit is planned.
     *
     * @param physicalNetwork  the provider network asked for, or null
     * @param segmentationId   the VNI or VLAN asked for, or null for one allocated
     */
    private record NewNetwork(String id, String project, NetworkType type, String physicalNetwork,
                              Integer segmentationId, String name, boolean adminStateUp, boolean shared,
                              boolean external, int mtu, String description) {
        Network network(ProviderSegments.Segment segment) {
            return new Network(id, project, name, adminStateUp, shared, external, type, segment.segmentationId(),
                    segment.physicalNetwork(), mtu, 0);
        }
    }

    private NewNetwork newNetwork(Policy policy, JsonNode body) {
        Attrs attrs = Attrs.parse(body, "network", true, POST, PUT, NetworkJson.SCHEMA.attributes().keySet());
        policy.checkAttributes("create_network", "network", attrs.names());
        String project = policy.owner(attrs.string("project_id", null), attrs.string("tenant_id", null));
        String typeName = attrs.string("provider:network_type", config.tenantNetworkType().wireName());
        // Without physical networks there is no flat or VLAN type driver, as in ML2's type_drivers.
        NetworkType type = NetworkType.byWireName(typeName)
                .filter(t -> t.isOverlay() || !config.physicalNetworks().isEmpty())
                .orElseThrow(() -> new ApiError(400, "InvalidInput", "Invalid input for operation: network_type "
                        + "value '" + typeName + "' not supported."));
        String physicalNetwork = attrs.nullableString("provider:physical_network", null);
        if (type.isOverlay() && physicalNetwork != null) {
            throw new ApiError(400, "InvalidInput", "Invalid input for operation: provider:physical_network "
                    + "specified for " + type.name() + " network.");
        }
        Integer segmentationId = attrs.integer("provider:segmentation_id", null);
        if (type == NetworkType.MPLS && segmentationId != null) {
            throw new ApiError(400, "InvalidInput", "Invalid input for operation: provider:segmentation_id "
                    + "specified for MPLS network; its VRF number is allocated and its ports get labels.");
        }
        String name = attrs.string("name", "");
        boolean adminStateUp = attrs.bool("admin_state_up", true);
        boolean shared = attrs.bool("shared", false);
        boolean external = attrs.bool("router:external", false);
        int mtu = mtu(attrs, maxMtu(type), maxMtu(type));
        portSecurity(attrs);
        return new NewNetwork(UUID.randomUUID().toString(), project, type, physicalNetwork, segmentationId, name,
                adminStateUp, shared, external, mtu, attrs.string("description", ""));
    }

    private ProviderSegments.Segment segment(NewNetwork request, Collection<Network> existing) {
        return switch (request.type()) {
            case FLAT -> providers.flat(request.physicalNetwork(), request.segmentationId(), existing);
            case VLAN -> providers.vlan(request.physicalNetwork(), request.segmentationId(), existing);
            case MPLS -> new ProviderSegments.Segment(request.type(), null, segments.allocate(usedVnis(existing)));
            case VXLAN -> new ProviderSegments.Segment(request.type(), null, request.segmentationId() != null
                    ? segments.reserve(request.segmentationId(), usedVnis(existing))
                    : segments.allocate(usedVnis(existing)));
        };
    }

    Reply update(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "network", false, POST, PUT, NetworkJson.SCHEMA.attributes().keySet());
        Policy policy = call.policy();
        portSecurity(attrs);
        TenantState after = repository.mutate(state -> {
            Network old = modifiable(call, state, call.id());
            policy.checkAttributes("update_network", "network", attrs.names());
            boolean shared = attrs.bool("shared", old.shared());
            if (old.shared() && !shared && state.model().portsOf(old.id()).stream()
                    .anyMatch(p -> !p.projectId().equals(old.projectId()))) {
                throw ApiError.conflict("InvalidSharedSetting", "Unable to reconfigure sharing settings for network "
                        + old.id() + ". Multiple tenants are using it.");
            }
            boolean external = attrs.bool("router:external", old.external());
            if (old.external() && !external && state.model().portsOf(old.id()).stream()
                    .anyMatch(p -> p.deviceOwner().equals(Router.GATEWAY_OWNER)
                            || p.deviceOwner().equals(FloatingIp.OWNER))) {
                throw ApiError.conflict("ExternalNetworkInUse", "External network " + old.id() + " cannot be updated "
                        + "to be made non-external, since it has existing gateway ports.");
            }
            Network network = new Network(old.id(), old.projectId(), attrs.string("name", old.name()),
                    attrs.bool("admin_state_up", old.adminStateUp()), shared, external, old.type(), old.segmentationId(),
                    old.physicalNetwork(), mtu(attrs, old.mtu(), maxMtu(old.type())), old.revision());
            return Changes.of().put(network, attrs.string("description", null));
        });
        return Reply.ok(Map.of("network", view(policy, after, after.model().networks().get(call.id()))));
    }

    Reply delete(Call call) {
        repository.mutate(state -> {
            Network network = modifiable(call, state, call.id());
            List<Port> ports = state.model().portsOf(network.id());
            if (ports.stream().anyMatch(p -> !AUTO_DELETE_OWNERS.contains(p.deviceOwner()))) {
                throw ApiError.conflict("NetworkInUse", "Unable to complete operation on network " + network.id()
                        + ". There are one or more ports still in use on the network.");
            }
            Changes changes = Changes.of().delete(network);
            ports.forEach(changes::delete);
            state.model().subnetsOf(network.id()).forEach(changes::delete);
            return changes;
        });
        return Reply.noContent();
    }

    static Map<String, Object> view(Policy policy, TenantState state, Network network) {
        List<String> subnets = state.model().subnetsOf(network.id()).stream().map(Subnet::id).sorted().toList();
        return policy.strip(NetworkJson.view(network, state.standard(ResourceKey.network(network.id()))
                .orElseThrow(), subnets));
    }

    /** The network if the caller may see it, else NetworkNotFound. */
    static Network visible(Call call, TenantState state, String id) {
        Network network = state.model().networks().get(id);
        if (network == null || !call.policy().canSee(network)) {
            throw NetworkJson.SCHEMA.notFound().apply(id);
        }
        return network;
    }

    private static Network modifiable(Call call, TenantState state, String id) {
        Network network = visible(call, state, id);
        if (!call.policy().owns(network.projectId())) {
            throw ApiError.hidden();
        }
        return network;
    }

    /** Overlay networks lose their encapsulation to the underlay; provider networks have the physical MTU. */
    private int maxMtu(NetworkType type) {
        return switch (type) {
            case VXLAN -> config.vxlanMtu();
            case MPLS -> config.mplsMtu();
            case FLAT, VLAN -> config.physicalMtu();
        };
    }

    private static int mtu(Attrs attrs, int otherwise, int max) {
        Integer mtu = attrs.integer("mtu", otherwise);
        if (mtu > max) {
            throw new ApiError(400, "InvalidInput", "Invalid input for operation: Requested MTU is too big, maximum "
                    + "is " + max + ".");
        }
        if (mtu < 68) {
            throw ApiError.invalid("mtu", "'" + mtu + "' is too small - must be at least '68'");
        }
        return mtu;
    }

    /** Port security is on for every network; ports turn it off one by one. */
    private static void portSecurity(Attrs attrs) {
        if (!attrs.bool("port_security_enabled", true)) {
            throw ApiError.invalid("port_security_enabled",
                    "Sluice keeps port security on for networks; disable it on the ports that need it");
        }
    }

    /** VNIs and MPLS VRF numbers: one pool, so a network's metadata key on a switch is unique either way. */
    private static Set<Integer> usedVnis(Collection<Network> networks) {
        return networks.stream().filter(n -> n.type().isOverlay())
                .map(Network::segmentationId).collect(java.util.stream.Collectors.toSet());
    }
}
