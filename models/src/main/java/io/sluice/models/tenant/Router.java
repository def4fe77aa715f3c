package io.sluice.models.tenant;

import java.util.List;

/**
 * A tenant router, Neutron's legacy (centralised) kind: it lives in a namespace on a network node. Its
 * interfaces are ports with {@code device_owner=network:router_interface} and {@code device_id} = this id;
 * its gateway is a port with {@code device_owner=network:router_gateway} on the external network.
 *
 * @param externalGateway the gateway, or null when the router has none
 * @param routes          static routes (Neutron's {@code routes}: destination CIDR via a next hop on one of
 *                        its subnets)
 */
public record Router(String id, String projectId, String name, String description, boolean adminStateUp,
                     ExternalGateway externalGateway, List<HostRoute> routes, long revision) {
    public static final String INTERFACE_OWNER = "network:router_interface";
    public static final String GATEWAY_OWNER = "network:router_gateway";

    public Router {
        id = Check.uuid("id", id);
        Check.name("project_id", projectId);
        name = Check.name("name", name);
        description = Check.name("description", description);
        routes = Check.list(routes);
    }
}
