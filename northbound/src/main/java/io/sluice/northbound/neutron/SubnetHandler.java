package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.OverlapCheck;
import io.sluice.models.ipam.Requested;
import io.sluice.models.ipam.SubnetPlan;
import io.sluice.models.tenant.AllocationPool;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** /v2.0/subnets: IPv4 subnets, no two overlapping on one network (across networks they may). */
final class SubnetHandler {
    private static final Set<String> POST = Set.of("name", "tenant_id", "project_id", "network_id", "ip_version",
            "cidr", "gateway_ip", "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes", "description",
            "subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode");
    private static final Set<String> PUT = Set.of("name", "gateway_ip", "allocation_pools", "enable_dhcp",
            "dns_nameservers", "host_routes", "description");

    private final TenantRepository repository;
    private final Quotas quotas;

    SubnetHandler(TenantRepository repository, Quotas quotas) {
        this.repository = repository;
        this.quotas = quotas;
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        return Resources.list(call, SubnetJson.SCHEMA, state.model().subnets().values().stream()
                .filter(s -> call.policy().canSee(state.model(), s)).map(s -> view(state, s)).toList());
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        return Resources.show(call, SubnetJson.SCHEMA, "subnet", view(state, visible(call, state, call.id())));
    }

    /** One subnet, or Neutron's bulk create ({@link CreateBody}): every subnet in one commit, or none. */
    Reply create(Call call) {
        CreateBody body = CreateBody.parse(call.body(), "subnet", "subnets");
        Policy policy = call.policy();
        List<NewSubnet> requests = body.items().stream().map(item -> newSubnet(policy, item)).toList();
        TenantState after = repository.mutate(state -> {
            quotas.check(state, "subnet", requests.stream().map(NewSubnet::project).toList());
            // The subnets there are, with those planned before each item: none may overlap on a network.
            List<Subnet> existing = new ArrayList<>(state.model().subnets().values());
            Changes changes = Changes.of();
            for (NewSubnet request : requests) {
                Network network = NetworkHandler.visible(call, state, request.networkId());
                if (!policy.owns(network.projectId())) {
                    throw ApiError.policy("rule:create_subnet");
                }
                Subnet subnet = request.subnet();
                OverlapCheck.requireNoOverlap(subnet, existing);
                existing.add(subnet);
                changes.put(subnet, request.description()).read(ResourceKey.network(request.networkId()));
            }
            return changes;
        });
        return body.created(requests.stream().map(r -> view(after, after.model().subnets().get(r.id()))).toList());
    }

    /** One subnet of a POST, read and checked before its commit is planned. */
    private record NewSubnet(String id, String project, String networkId, String name, String cidr, SubnetPlan plan,
                             boolean dhcp, List<String> dns, List<HostRoute> routes, String description) {
        Subnet subnet() {
            return new Subnet(id, project, networkId, name, cidr, plan.gatewayIp(), plan.allocationPools(), dhcp, dns,
                    routes, 0);
        }
    }

    private static NewSubnet newSubnet(Policy policy, JsonNode body) {
        Attrs attrs = Attrs.parse(body, "subnet", true, POST, PUT, SubnetJson.SCHEMA.attributes().keySet());
        String networkId = required(attrs, "network_id", attrs.uuid("network_id"));
        ipVersion(required(attrs, "ip_version", attrs.integer("ip_version", null)));
        for (String ipv6Only : List.of("subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode")) {
            if (attrs.nullableString(ipv6Only, null) != null) {
                throw ApiError.invalid(ipv6Only, "Sluice has no subnet pools or IPv6; only null is accepted");
            }
        }
        String cidr = Check.ipv4Cidr("cidr", required(attrs, "cidr", attrs.string("cidr", null)));
        SubnetPlan plan = SubnetPlan.of(cidr, attrs.has("gateway_ip")
                ? Requested.of(attrs.nullableString("gateway_ip", null)) : Requested.absent(),
                attrs.has("allocation_pools") ? Requested.of(pools(attrs)) : Requested.absent());
        String project = policy.owner(attrs.string("project_id", null), attrs.string("tenant_id", null));
        return new NewSubnet(UUID.randomUUID().toString(), project, networkId, attrs.string("name", ""), cidr, plan,
                attrs.bool("enable_dhcp", true), attrs.list("dns_nameservers", SubnetHandler::nameserver),
                routes(attrs), attrs.string("description", ""));
    }

    Reply update(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "subnet", false, POST, PUT, SubnetJson.SCHEMA.attributes().keySet());
        List<AllocationPool> pools = pools(attrs);
        List<String> dns = attrs.list("dns_nameservers", SubnetHandler::nameserver);
        List<HostRoute> routes = routes(attrs);
        TenantState after = repository.mutate(state -> {
            Subnet old = modifiable(call, state, call.id());
            String gateway = attrs.has("gateway_ip") ? attrs.nullableString("gateway_ip", null) : old.gatewayIp();
            if (gateway != null && !gateway.equals(old.gatewayIp())) {
                state.model().portsOf(old.networkId()).stream()
                        .filter(p -> p.fixedIps().contains(new FixedIp(old.id(), Check.ipv4("gateway_ip", gateway))))
                        .findFirst().ifPresent(p -> {
                            throw ApiError.conflict("GatewayIpInUse", "Current gateway ip " + gateway
                                    + " already in use by port " + p.id() + ". Unable to update.");
                        });
            }
            Subnet subnet = new Subnet(old.id(), old.projectId(), old.networkId(), attrs.string("name", old.name()),
                    old.cidr(), gateway, pools != null ? pools : old.allocationPools(),
                    attrs.bool("enable_dhcp", old.enableDhcp()), dns != null ? dns : old.dnsNameservers(),
                    routes != null ? routes : old.hostRoutes(), old.revision());
            return Changes.of().put(subnet, attrs.string("description", null));
        });
        return Reply.ok(Map.of("subnet", view(after, after.model().subnets().get(call.id()))));
    }

    Reply delete(Call call) {
        repository.mutate(state -> {
            Subnet subnet = modifiable(call, state, call.id());
            Changes changes = Changes.of().delete(subnet);
            for (Port port : state.model().portsOf(subnet.networkId())) {
                if (!PortJson.hasAddressOn(port, subnet.id())) {
                    continue;
                }
                if (!port.deviceOwner().equals("network:dhcp")) {
                    throw ApiError.conflict("SubnetInUse", "Unable to complete operation on subnet " + subnet.id()
                            + ": One or more ports have an IP allocation from this subnet.");
                }
                // A DHCP port gives its address on the subnet back, as in Neutron.
                changes.put(PortHandler.withFixedIps(port, port.fixedIps().stream()
                        .filter(ip -> !ip.subnetId().equals(subnet.id())).toList()));
            }
            return changes;
        });
        return Reply.noContent();
    }

    static Map<String, Object> view(TenantState state, Subnet subnet) {
        return SubnetJson.view(subnet, state.standard(ResourceKey.subnet(subnet.id())).orElseThrow());
    }

    static Subnet visible(Call call, TenantState state, String id) {
        Subnet subnet = state.model().subnets().get(id);
        if (subnet == null || !call.policy().canSee(state.model(), subnet)) {
            throw SubnetJson.SCHEMA.notFound().apply(id);
        }
        return subnet;
    }

    /** A subnet its network's owner (or the admin) changes; others who see it get 404. */
    private static Subnet modifiable(Call call, TenantState state, String id) {
        Subnet subnet = visible(call, state, id);
        Network network = state.model().networks().get(subnet.networkId());
        if (!call.policy().owns(subnet.projectId()) && !call.policy().owns(network.projectId())) {
            throw ApiError.hidden();
        }
        return subnet;
    }

    private static void ipVersion(int version) {
        if (version == 6) {
            throw ApiError.invalid("ip_version", "Sluice serves IPv4 subnets only");
        }
        if (version != 4) {
            throw ApiError.invalid("ip_version", version + " is not in [4, 6]");
        }
    }

    private static <T> T required(Attrs attrs, String name, T value) {
        if (value == null) {
            throw ApiError.badRequest("Failed to parse request. Required attribute '" + name + "' not specified");
        }
        return value;
    }

    private static List<AllocationPool> pools(Attrs attrs) {
        return attrs.list("allocation_pools", e -> {
            ObjectNode pool = Attrs.dict("allocation_pools", e, Set.of("start", "end"));
            return new AllocationPool(Attrs.text("allocation_pools", pool.get("start")),
                    Attrs.text("allocation_pools", pool.get("end")));
        });
    }

    private static List<HostRoute> routes(Attrs attrs) {
        return attrs.list("host_routes", e -> {
            ObjectNode route = Attrs.dict("host_routes", e, Set.of("destination", "nexthop"));
            JsonNode destination = route.get("destination");
            return new HostRoute(Attrs.text("host_routes", destination), Attrs.text("host_routes", route.get("nexthop")));
        });
    }

    /** One of dns_nameservers: a string, which JSON null is not. */
    private static String nameserver(JsonNode element) {
        String nameserver = Attrs.text("dns_nameservers", element);
        if (nameserver == null) {
            throw ApiError.invalid("dns_nameservers", "'None' is not a valid nameserver");
        }
        return nameserver;
    }
}
