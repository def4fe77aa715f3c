package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.IpAddressGenerationFailure;
import io.sluice.models.ipam.IpAllocator;
import io.sluice.models.tenant.Check;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Subnet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A port's addresses as Neutron's IPAM chooses them: each requested entry names a subnet, an address or both;
 * with none requested, one address from the first IPv4 subnet of the network that has one free. An address is
 * never one another port holds, nor a subnet's network or broadcast address.
 */
final class FixedIpPlanner {
    /** One entry of a request's fixed_ips. */
    record Request(String subnetId, String ipAddress) {
    }

    private final TenantState state;
    private final Network network;
    private final PortAllocations taken;

    /** @param taken what the port may not take, read for the port's network */
    FixedIpPlanner(TenantState state, Network network, PortAllocations taken) {
        this.state = state;
        this.network = network;
        this.taken = taken;
    }

    /** Reads fixed_ips from a request body; null when absent. */
    static List<Request> parse(Attrs attrs) {
        return attrs.list("fixed_ips", FixedIpPlanner::request);
    }

    private static Request request(JsonNode element) {
        ObjectNode entry = Attrs.dict("fixed_ips", element, Set.of("subnet_id", "ip_address"));
        String subnetId = Attrs.text("fixed_ips", entry.get("subnet_id"));
        String ip = Attrs.text("fixed_ips", entry.get("ip_address"));
        if (subnetId == null && ip == null) {
            throw new ApiError(400, "InvalidInput",
                    "Invalid input for operation: IP allocation requires subnet_id or ip_address.");
        }
        return new Request(subnetId == null ? null : Attrs.uuid("fixed_ips", subnetId),
                ip == null ? null : Check.ipv4("fixed_ips.ip_address", ip));
    }

    /**
     * @param requested the entries asked for, or null for Neutron's default
     * @param current   the port's addresses now (empty for a new port): kept for entries naming only their subnet
     */
    List<FixedIp> plan(List<Request> requested, List<FixedIp> current) {
        if (requested == null) {
            return defaultAddress();
        }
        FixedIp[] planned = new FixedIp[requested.size()];
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < planned.length; i++) {
            Request request = requested.get(i);
            if (request.ipAddress() != null) {
                Subnet subnet = request.subnetId() != null ? subnet(request.subnetId()) : subnetHolding(request);
                planned[i] = new FixedIp(subnet.id(),
                        IpAllocator.allocateSpecific(subnet, used(subnet), request.ipAddress()));
                claimed.add(request.ipAddress());
            }
        }
        for (int i = 0; i < planned.length; i++) {
            Request request = requested.get(i);
            if (request.ipAddress() == null) {
                Subnet subnet = subnet(request.subnetId());
                Optional<FixedIp> kept = current.stream().filter(ip -> ip.subnetId().equals(subnet.id())
                        && !claimed.contains(ip.ipAddress())).findFirst();
                String address = kept.map(FixedIp::ipAddress).orElseGet(() -> {
                    Set<String> taken = used(subnet);
                    taken.addAll(claimed);
                    return IpAllocator.allocateAny(subnet, taken);
                });
                planned[i] = new FixedIp(subnet.id(), address);
                claimed.add(address);
            }
        }
        return List.of(planned);
    }

    private List<FixedIp> defaultAddress() {
        List<Subnet> subnets = taken.subnetsInOrder(network.id());
        for (Subnet subnet : subnets) {
            try {
                return List.of(new FixedIp(subnet.id(), IpAllocator.allocateAny(subnet, used(subnet))));
            } catch (IpAddressGenerationFailure full) {
                // Neutron tries the network's next IPv4 subnet.
            }
        }
        if (subnets.isEmpty()) {
            return List.of();
        }
        throw new IpAddressGenerationFailure(network.id());
    }

    private Subnet subnet(String id) {
        Subnet subnet = state.model().subnets().get(id);
        if (subnet == null) {
            throw SubnetJson.SCHEMA.notFound().apply(id);
        }
        if (!subnet.networkId().equals(network.id())) {
            throw new ApiError(400, "InvalidInput", "Invalid input for operation: Failed to create port on network "
                    + network.id() + ", because fixed_ips included invalid subnet " + id + ".");
        }
        return subnet;
    }

    private Subnet subnetHolding(Request request) {
        return state.model().subnetsOf(network.id()).stream().filter(s -> s.contains(request.ipAddress()))
                .findFirst().orElseThrow(() -> new ApiError(400, "InvalidIpForNetwork", "IP address "
                        + request.ipAddress() + " is not a valid IP for any of the subnets on the specified network."));
    }

    /** The subnet's addresses other ports hold (its gateway is outside its pools, and a router port's to take). */
    private Set<String> used(Subnet subnet) {
        return taken.addresses(subnet.id());
    }
}
