package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Bad router, floating IP and port forwarding requests. */
class L3BadInputTest extends BadInputCases {
    private final String external;
    private final String internalNet;
    private final String attached;
    private final String unattached;
    private final String overlapping;
    private final String noGateway;
    private final String router;
    private final String interfacePort;
    private final String mappedVm;
    private final String unroutedVm;
    private final String twoIpVm;
    private final String usedPort;
    private final String mappedFip;
    private final String forwardedFip;
    private final String freeFip;
    private final String forwardingId;

    L3BadInputTest() throws Exception {
        super(new NeutronFixture());
        external = api.externalNetwork("public", "203.0.113.0/24");
        internalNet = api.network(ALICE, "n1");
        attached = api.subnet(ALICE, internalNet, "10.0.0.0/24");
        String otherNet = api.network(ALICE, "n2");
        unattached = api.subnet(ALICE, otherNet, "10.1.0.0/24");
        overlapping = api.subnet(ALICE, api.network(ALICE, "n3"), "10.0.0.0/25");
        noGateway = api.create(ALICE, "subnets", "{\"subnet\": {\"network_id\": \"" + api.network(ALICE, "n4")
                + "\", \"ip_version\": 4, \"cidr\": \"10.4.0.0/24\", \"gateway_ip\": null}}").get("id").asText();
        router = api.router(ALICE, external);
        interfacePort = api.addInterface(ALICE, router, attached);
        mappedVm = api.port(ALICE, internalNet).get("id").asText();
        unroutedVm = api.port(ALICE, otherNet).get("id").asText();
        twoIpVm = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + internalNet + "\", \"fixed_ips\": "
                + "[{\"subnet_id\": \"" + attached + "\"}, {\"subnet_id\": \"" + attached + "\"}]}}")
                .get("id").asText();
        usedPort = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + otherNet + "\", \"device_id\": "
                + "\"vm-1\"}}").get("id").asText();
        mappedFip = api.floatingIp(ALICE, external, mappedVm).get("id").asText();
        forwardedFip = api.floatingIp(ALICE, external, null).get("id").asText();
        freeFip = api.floatingIp(ALICE, external, null).get("id").asText();
        NeutronFixture.Response forwarding = api.post(ALICE, forwardings(forwardedFip),
                forwarding("tcp", 2222, 22, twoIpVm, "10.0.0.3"));
        assertThat(forwarding.status()).as(forwarding.text()).isEqualTo(201);
        forwardingId = forwarding.at("/port_forwarding/id").asText();
        api.put(ADMIN, "/v2.0/quotas/beta", "{\"quota\": {\"router\": 0, \"floatingip\": 0}}");
    }

    private static String forwarding(String protocol, int external, int internal, String port, String ip) {
        return "{\"port_forwarding\": {\"protocol\": \"" + protocol + "\", \"external_port\": " + external
                + ", \"internal_port\": " + internal + ", \"internal_port_id\": \"" + port
                + "\", \"internal_ip_address\": \"" + ip + "\"}}";
    }

    /** The forwarding's body with the port number JSON null. */
    private static String nullPort(String body, String attribute) {
        return body.replaceFirst("\"" + attribute + "\": \\d+", "\"" + attribute + "\": null");
    }

    private static String forwardings(String fip) {
        return "/v2.0/floatingips/" + fip + "/port_forwardings";
    }

    private String fip(String attributes) {
        return "{\"floatingip\": {\"floating_network_id\": \"" + external + "\"" + attributes + "}}";
    }

    private String gateway(String networkId, String extra) {
        return "{\"router\": {\"external_gateway_info\": {\"network_id\": \"" + networkId + "\"" + extra + "}}}";
    }

    private String routerPath(String action) {
        return "/v2.0/routers/" + router + action;
    }

    @Override
    Stream<Arguments> cases() {
        return Stream.of(
                bad("floating IP on an internal network", ALICE, "POST", "/v2.0/floatingips",
                        "{\"floatingip\": {\"floating_network_id\": \"" + internalNet + "\"}}", 400, "BadRequest"),
                bad("floating IP on no network", ALICE, "POST", "/v2.0/floatingips", "{\"floatingip\": {}}", 400,
                        "HTTPBadRequest"),
                bad("floating IP on an unknown network", ALICE, "POST", "/v2.0/floatingips",
                        "{\"floatingip\": {\"floating_network_id\": \"" + UNKNOWN + "\"}}", 404, "NetworkNotFound"),
                bad("floating IP address in use", ADMIN, "POST", "/v2.0/floatingips",
                        fip(", \"floating_ip_address\": \"203.0.113.2\""), 409, "IpAddressAlreadyAllocated"),
                bad("floating IP address outside the network", ADMIN, "POST", "/v2.0/floatingips",
                        fip(", \"floating_ip_address\": \"192.0.2.7\""), 400, "InvalidIpForNetwork"),
                bad("member choosing the address", ALICE, "POST", "/v2.0/floatingips",
                        fip(", \"floating_ip_address\": \"203.0.113.77\""), 403, "PolicyNotAuthorized"),
                bad("floating IP over quota", BOB, "POST", "/v2.0/floatingips", fip(""), 409, "OverQuota"),
                bad("port with no router to the external network", ALICE, "PUT", "/v2.0/floatingips/" + freeFip,
                        "{\"floatingip\": {\"port_id\": \"" + unroutedVm + "\"}}", 404,
                        "ExternalGatewayForFloatingIPNotFound"),
                bad("fixed IP already mapped", ALICE, "PUT", "/v2.0/floatingips/" + freeFip,
                        "{\"floatingip\": {\"port_id\": \"" + mappedVm + "\"}}", 409,
                        "FloatingIPPortAlreadyAssociated"),
                bad("port with two addresses, none named", ALICE, "POST", "/v2.0/floatingips",
                        fip(", \"port_id\": \"" + twoIpVm + "\""), 400, "BadRequest"),
                bad("fixed address not the port's", ALICE, "PUT", "/v2.0/floatingips/" + freeFip,
                        "{\"floatingip\": {\"port_id\": \"" + twoIpVm + "\", \"fixed_ip_address\": \"10.0.0.99\"}}",
                        400, "BadRequest"),
                bad("unknown port", ALICE, "PUT", "/v2.0/floatingips/" + freeFip,
                        "{\"floatingip\": {\"port_id\": \"" + UNKNOWN + "\"}}", 404, "PortNotFound"),
                bad("another project's port", BOB, "PUT", "/v2.0/floatingips/" + freeFip,
                        "{\"floatingip\": {\"port_id\": \"" + mappedVm + "\"}}", 404, "FloatingIPNotFound"),
                bad("floating IP with port forwardings mapped to a port", ALICE, "PUT",
                        "/v2.0/floatingips/" + forwardedFip, "{\"floatingip\": {\"port_id\": \"" + twoIpVm
                                + "\", \"fixed_ip_address\": \"10.0.0.4\"}}", 409, "FipInUseByPortForwarding"),
                bad("floating IP network changed", ALICE, "PUT", "/v2.0/floatingips/" + freeFip,
                        "{\"floatingip\": {\"floating_network_id\": \"" + external + "\"}}", 400, "HTTPBadRequest"),
                bad("unknown floating IP", ALICE, "DELETE", "/v2.0/floatingips/" + UNKNOWN, null, 404,
                        "FloatingIPNotFound"),
                bad("port forwarding on a mapped floating IP", ALICE, "POST", forwardings(mappedFip),
                        forwarding("tcp", 80, 80, twoIpVm, "10.0.0.3"), 409, "FloatingIPPortAlreadyAssociated"),
                bad("port forwarding of a forwarded port", ALICE, "POST", forwardings(forwardedFip),
                        forwarding("tcp", 2222, 23, twoIpVm, "10.0.0.4"), 400, "BadRequest"),
                bad("port forwarding to a taken target", ALICE, "POST", forwardings(freeFip),
                        forwarding("tcp", 2022, 22, twoIpVm, "10.0.0.3"), 400, "BadRequest"),
                bad("port forwarding to an address not the port's", ALICE, "POST", forwardings(forwardedFip),
                        forwarding("tcp", 80, 80, twoIpVm, "10.0.0.99"), 400, "BadRequest"),
                bad("port forwarding with no router", ALICE, "POST", forwardings(forwardedFip),
                        forwarding("tcp", 80, 80, unroutedVm, "10.1.0.2"), 400, "BadRequest"),
                bad("port forwarding of an unknown protocol", ALICE, "POST", forwardings(forwardedFip),
                        forwarding("icmp", 80, 80, twoIpVm, "10.0.0.4"), 400, "HTTPBadRequest"),
                bad("port forwarding port out of range", ALICE, "POST", forwardings(forwardedFip),
                        forwarding("tcp", 70000, 80, twoIpVm, "10.0.0.4"), 400, "HTTPBadRequest"),
                bad("port forwarding with a null external port", ALICE, "POST", forwardings(freeFip),
                        nullPort(forwarding("tcp", 80, 81, twoIpVm, "10.0.0.4"), "external_port"), 400,
                        "HTTPBadRequest"),
                bad("port forwarding with a null internal port", ALICE, "POST", forwardings(freeFip),
                        nullPort(forwarding("tcp", 80, 81, twoIpVm, "10.0.0.4"), "internal_port"), 400,
                        "HTTPBadRequest"),
                bad("port forwarding's port updated to null", ALICE, "PUT", forwardings(forwardedFip) + "/"
                        + forwardingId, "{\"port_forwarding\": {\"external_port\": null}}", 400, "HTTPBadRequest"),
                bad("port forwarding missing its port", ALICE, "POST", forwardings(forwardedFip),
                        "{\"port_forwarding\": {\"protocol\": \"tcp\", \"external_port\": 80, \"internal_port\": 80}}",
                        400, "HTTPBadRequest"),
                bad("unknown port forwarding", ALICE, "DELETE", forwardings(forwardedFip) + "/" + UNKNOWN, null, 404,
                        "PortForwardingNotFound"),
                bad("gateway on an internal network", ALICE, "POST", "/v2.0/routers",
                        "{\"router\": {\"external_gateway_info\": {\"network_id\": \"" + internalNet + "\"}}}", 400,
                        "BadRequest"),
                bad("gateway on an unknown network", ALICE, "PUT", routerPath(""), gateway(UNKNOWN, ""), 404,
                        "NetworkNotFound"),
                bad("member setting SNAT", ALICE, "PUT", routerPath(""), gateway(external, ", \"enable_snat\": false"),
                        403, "PolicyNotAuthorized"),
                bad("member choosing gateway addresses", ALICE, "PUT", routerPath(""), gateway(external,
                        ", \"external_fixed_ips\": [{\"ip_address\": \"203.0.113.9\"}]"), 403, "PolicyNotAuthorized"),
                bad("gateway address in use", ADMIN, "PUT", routerPath(""), gateway(external,
                        ", \"external_fixed_ips\": [{\"ip_address\": \"203.0.113.3\"}]"), 409,
                        "IpAddressAlreadyAllocated"),
                bad("gateway removed under floating IPs", ALICE, "PUT", routerPath(""),
                        "{\"router\": {\"external_gateway_info\": null}}", 409, "RouterExternalGatewayInUseByFloatingIp"),
                bad("routes in POST", ALICE, "POST", "/v2.0/routers", "{\"router\": {\"routes\": []}}", 400,
                        "HTTPBadRequest"),
                bad("route via a subnet not attached", ALICE, "PUT", routerPath(""), "{\"router\": {\"routes\": "
                        + "[{\"destination\": \"192.168.0.0/24\", \"nexthop\": \"10.1.0.5\"}]}}", 400, "InvalidRoutes"),
                bad("route via the router itself", ALICE, "PUT", routerPath(""), "{\"router\": {\"routes\": "
                        + "[{\"destination\": \"192.168.0.0/24\", \"nexthop\": \"10.0.0.1\"}]}}", 400, "InvalidRoutes"),
                bad("route with a bad destination", ALICE, "PUT", routerPath(""), "{\"router\": {\"routes\": "
                        + "[{\"destination\": \"192.168.0.1/24\", \"nexthop\": \"10.0.0.9\"}]}}", 400, "InvalidRoutes"),
                bad("router over quota", BOB, "POST", "/v2.0/routers", "{\"router\": {}}", 409, "OverQuota"),
                bad("interface on a subnet already attached", ALICE, "PUT", routerPath("/add_router_interface"),
                        "{\"subnet_id\": \"" + attached + "\"}", 400, "BadRequest"),
                bad("interface on an overlapping subnet", ALICE, "PUT", routerPath("/add_router_interface"),
                        "{\"subnet_id\": \"" + overlapping + "\"}", 400, "BadRequest"),
                bad("interface on a subnet without gateway", ALICE, "PUT", routerPath("/add_router_interface"),
                        "{\"subnet_id\": \"" + noGateway + "\"}", 400, "BadRequest"),
                bad("interface on a port in use", ALICE, "PUT", routerPath("/add_router_interface"),
                        "{\"port_id\": \"" + usedPort + "\"}", 409, "PortInUse"),
                bad("interface by subnet and port", ALICE, "PUT", routerPath("/add_router_interface"),
                        "{\"port_id\": \"" + usedPort + "\", \"subnet_id\": \"" + unattached + "\"}", 400,
                        "BadRequest"),
                bad("interface by nothing", ALICE, "PUT", routerPath("/add_router_interface"), "{}", 400,
                        "BadRequest"),
                bad("interface on another project's router", BOB, "PUT", routerPath("/add_router_interface"),
                        "{\"subnet_id\": \"" + unattached + "\"}", 404, "RouterNotFound"),
                bad("removing an interface floating IPs use", ALICE, "PUT", routerPath("/remove_router_interface"),
                        "{\"subnet_id\": \"" + attached + "\"}", 409, "RouterInterfaceInUseByFloatingIP"),
                bad("removing an interface the router lacks", ALICE, "PUT", routerPath("/remove_router_interface"),
                        "{\"subnet_id\": \"" + unattached + "\"}", 404, "RouterInterfaceNotFoundForSubnet"),
                bad("removing a port that is no interface", ALICE, "PUT", routerPath("/remove_router_interface"),
                        "{\"port_id\": \"" + usedPort + "\"}", 404, "RouterInterfaceNotFound"),
                bad("deleting a router with interfaces", ALICE, "DELETE", routerPath(""), null, 409, "RouterInUse"),
                bad("deleting an interface port directly", ALICE, "DELETE", "/v2.0/ports/" + interfacePort, null,
                        409, "ServicePortInUse"),
                bad("deleting the external network in use", ADMIN, "DELETE", "/v2.0/networks/" + external, null, 409,
                        "NetworkInUse"),
                bad("making the external network in use internal", ADMIN, "PUT", "/v2.0/networks/" + external,
                        "{\"network\": {\"router:external\": false}}", 409, "ExternalNetworkInUse"),
                bad("deleting an attached subnet", ALICE, "DELETE", "/v2.0/subnets/" + attached, null, 409,
                        "SubnetInUse"),
                bad("unknown router", ALICE, "GET", "/v2.0/routers/" + UNKNOWN, null, 404, "RouterNotFound"),
                bad("router agents of an unknown router", ADMIN, "GET", "/v2.0/routers/" + UNKNOWN + "/l3-agents",
                        null, 404, "RouterNotFound"),
                bad("gateway info not a dict", ALICE, "PUT", routerPath(""),
                        "{\"router\": {\"external_gateway_info\": \"public\"}}", 400, "HTTPBadRequest"));
    }
}
