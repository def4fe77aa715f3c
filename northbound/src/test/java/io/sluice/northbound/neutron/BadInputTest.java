package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Bad network, subnet and port requests of every kind, and bad requests in general (syntax, paths, size). */
class BadInputTest extends BadInputCases {
    private final String net;
    private final String subnet;
    private final String port;
    private final String fullNet;
    private final String otherNet;
    private final String otherSubnet;

    BadInputTest() throws Exception {
        super(new NeutronFixture());
        net = api.network(ALICE, "n");
        subnet = api.subnet(ALICE, net, "10.0.0.0/24");
        port = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + net + "\", \"mac_address\": "
                + "\"fa:16:3e:00:00:05\", \"fixed_ips\": [{\"ip_address\": \"10.0.0.5\"}]}}").get("id").asText();
        fullNet = api.network(ALICE, "full");
        api.subnet(ALICE, fullNet, "10.8.0.0/30");
        api.port(ALICE, fullNet);
        otherNet = api.network(ALICE, "other");
        otherSubnet = api.subnet(ALICE, otherNet, "10.7.0.0/24");
    }

    private String port(String attributes) {
        return "{\"port\": {\"network_id\": \"" + net + "\"" + attributes + "}}";
    }

    private String subnetBody(String attributes) {
        return "{\"subnet\": {\"network_id\": \"" + net + "\", \"ip_version\": 4" + attributes + "}}";
    }

    @Override
    Stream<Arguments> cases() {
        String bigName = "x".repeat(2 << 20);
        return Stream.of(
                bad("malformed JSON", ALICE, "POST", "/v2.0/networks", "{\"network\": ", 400, "HTTPBadRequest"),
                bad("trailing garbage", ALICE, "POST", "/v2.0/networks", "{\"network\": {}} x", 400, "HTTPBadRequest"),
                bad("not an object", ALICE, "POST", "/v2.0/networks", "[]", 400, "HTTPBadRequest"),
                bad("resource missing", ALICE, "POST", "/v2.0/networks", "{\"net\": {}}", 400, "HTTPBadRequest"),
                bad("resource not a dict", ALICE, "POST", "/v2.0/networks", "{\"network\": 3}", 400, "HTTPBadRequest"),
                bad("empty body", ALICE, "POST", "/v2.0/networks", "", 400, "HTTPBadRequest"),
                bad("name not a string", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"name\": 5}}", 400,
                        "HTTPBadRequest"),
                bad("name too long", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"name\": \"" + "n".repeat(256)
                        + "\"}}", 400, "HTTPBadRequest"),
                bad("boolean not a boolean", ALICE, "POST", "/v2.0/networks",
                        "{\"network\": {\"admin_state_up\": \"maybe\"}}", 400, "HTTPBadRequest"),
                bad("unknown attribute", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"colour\": \"red\"}}", 400,
                        "HTTPBadRequest"),
                bad("read-only attribute in PUT", ALICE, "PUT", "/v2.0/networks/" + net,
                        "{\"network\": {\"status\": \"DOWN\"}}", 400, "HTTPBadRequest"),
                bad("attribute not allowed in POST", ALICE, "POST", "/v2.0/ports", port(", \"status\": \"ACTIVE\""),
                        400, "HTTPBadRequest"),
                bad("mtu not a number", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"mtu\": \"big\"}}", 400,
                        "HTTPBadRequest"),
                bad("mtu above the underlay's", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"mtu\": 1500}}", 400,
                        "InvalidInput"),
                bad("a VLAN network where no physical network is configured", ADMIN, "POST", "/v2.0/networks",
                        "{\"network\": {\"provider:network_type\": \"vlan\"}}", 400, "InvalidInput"),
                bad("VNI 0", ADMIN, "POST", "/v2.0/networks", "{\"network\": {\"provider:segmentation_id\": 0}}", 400,
                        "HTTPBadRequest"),
                bad("VNI beyond 24 bits", ADMIN, "POST", "/v2.0/networks",
                        "{\"network\": {\"provider:segmentation_id\": 16777216}}", 400, "HTTPBadRequest"),
                bad("VNI in use", ADMIN, "POST", "/v2.0/networks",
                        "{\"network\": {\"provider:segmentation_id\": 1000}}", 409, "TunnelIdInUse"),
                bad("project_id and tenant_id differ", ADMIN, "POST", "/v2.0/networks",
                        "{\"network\": {\"project_id\": \"a\", \"tenant_id\": \"b\"}}", 400, "HTTPBadRequest"),
                bad("member creating for another project", ALICE, "POST", "/v2.0/networks",
                        "{\"network\": {\"project_id\": \"beta\"}}", 400, "HTTPBadRequest"),
                bad("member setting shared", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"shared\": true}}", 403,
                        "PolicyNotAuthorized"),
                bad("invalid CIDR", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": \"10.0.0.0/33\""), 400,
                        "HTTPBadRequest"),
                bad("CIDR with host bits", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": \"10.5.0.1/24\""),
                        400, "HTTPBadRequest"),
                bad("CIDR not a string", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": 10"), 400,
                        "HTTPBadRequest"),
                bad("no CIDR", ALICE, "POST", "/v2.0/subnets", subnetBody(""), 400, "HTTPBadRequest"),
                bad("IPv6", ALICE, "POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
                        + "\", \"ip_version\": 6, \"cidr\": \"2001:db8::/64\"}}", 400, "HTTPBadRequest"),
                bad("ip_version not a number", ALICE, "POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
                        + "\", \"ip_version\": \"four\", \"cidr\": \"10.5.0.0/24\"}}", 400, "HTTPBadRequest"),
                bad("gateway outside the CIDR", ALICE, "POST", "/v2.0/subnets",
                        subnetBody(", \"cidr\": \"10.5.0.0/24\", \"gateway_ip\": \"10.6.0.1\""), 400, "HTTPBadRequest"),
                bad("pool outside the CIDR", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": \"10.5.0.0/24\","
                        + " \"allocation_pools\": [{\"start\": \"10.5.1.1\", \"end\": \"10.5.1.9\"}]"), 400,
                        "HTTPBadRequest"),
                bad("pool not a list", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": \"10.5.0.0/24\","
                        + " \"allocation_pools\": {\"start\": \"10.5.0.9\"}"), 400, "HTTPBadRequest"),
                bad("invalid DNS server", ALICE, "POST", "/v2.0/subnets",
                        subnetBody(", \"cidr\": \"10.5.0.0/24\", \"dns_nameservers\": [\"dns.example\"]"), 400,
                        "HTTPBadRequest"),
                bad("null DNS server", ALICE, "POST", "/v2.0/subnets",
                        subnetBody(", \"cidr\": \"10.5.0.0/24\", \"dns_nameservers\": [null]"), 400, "HTTPBadRequest"),
                bad("null DNS server in PUT", ALICE, "PUT", "/v2.0/subnets/" + subnet,
                        "{\"subnet\": {\"dns_nameservers\": [\"192.0.2.53\", null]}}", 400, "HTTPBadRequest"),
                bad("host route without nexthop", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": "
                        + "\"10.5.0.0/24\", \"host_routes\": [{\"destination\": \"0.0.0.0/0\"}]"), 400, "HTTPBadRequest"),
                bad("overlapping subnet", ALICE, "POST", "/v2.0/subnets", subnetBody(", \"cidr\": \"10.0.0.128/25\""),
                        400, "InvalidInput"),
                bad("subnet on an unknown network", ALICE, "POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \""
                        + UNKNOWN + "\", \"ip_version\": 4, \"cidr\": \"10.5.0.0/24\"}}", 404, "NetworkNotFound"),
                bad("network_id not a UUID", ALICE, "POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"n\"}}", 400,
                        "HTTPBadRequest"),
                bad("port on an unknown network", ALICE, "POST", "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"" + UNKNOWN + "\"}}", 404, "NetworkNotFound"),
                bad("invalid IP", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{\"ip_address\": \"10.0.0.300\"}]"),
                        400, "HTTPBadRequest"),
                bad("IP outside the subnet", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{\"subnet_id\": \""
                        + subnet + "\", \"ip_address\": \"10.9.9.9\"}]"), 400, "InvalidIpForSubnet"),
                bad("network address", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{\"ip_address\": "
                        + "\"10.0.0.0\"}]"), 400, "InvalidIpForSubnet"),
                bad("IP on no subnet of the network", ALICE, "POST", "/v2.0/ports",
                        port(", \"fixed_ips\": [{\"ip_address\": \"10.9.9.9\"}]"), 400, "InvalidIpForNetwork"),
                bad("IP in use", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{\"ip_address\": \"10.0.0.5\"}]"),
                        409, "IpAddressAlreadyAllocated"),
                bad("same IP twice", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{\"ip_address\": "
                        + "\"10.0.0.9\"}, {\"ip_address\": \"10.0.0.9\"}]"), 400, "HTTPBadRequest"),
                bad("subnet of another network", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{\"subnet_id\": \""
                        + otherSubnet + "\"}]"), 400, "InvalidInput"),
                bad("unknown subnet in fixed_ips", ALICE, "POST", "/v2.0/ports",
                        port(", \"fixed_ips\": [{\"subnet_id\": \"" + UNKNOWN + "\"}]"), 404, "SubnetNotFound"),
                bad("empty fixed_ips entry", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": [{}]"), 400,
                        "InvalidInput"),
                bad("fixed_ips not a list", ALICE, "POST", "/v2.0/ports", port(", \"fixed_ips\": \"10.0.0.9\""), 400,
                        "HTTPBadRequest"),
                bad("exhausted pool", ALICE, "POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + fullNet + "\"}}",
                        409, "IpAddressGenerationFailure"),
                bad("invalid MAC", ALICE, "POST", "/v2.0/ports", port(", \"mac_address\": \"zz:16:3e:00:00:01\""), 400,
                        "HTTPBadRequest"),
                bad("multicast MAC", ALICE, "POST", "/v2.0/ports", port(", \"mac_address\": \"01:00:5e:00:00:01\""),
                        400, "HTTPBadRequest"),
                bad("MAC in use", ALICE, "POST", "/v2.0/ports", port(", \"mac_address\": \"fa:16:3e:00:00:05\""), 409,
                        "MacAddressInUse"),
                bad("pair with an invalid IP", ALICE, "POST", "/v2.0/ports",
                        port(", \"allowed_address_pairs\": [{\"ip_address\": \"nope\"}]"), 400, "HTTPBadRequest"),
                bad("duplicate pairs", ALICE, "POST", "/v2.0/ports", port(", \"allowed_address_pairs\": [{\"ip_address\":"
                        + " \"10.0.0.200\"}, {\"ip_address\": \"10.0.0.200\"}]"), 400, "DuplicateAddressPairInRequest"),
                bad("direct vNIC", ALICE, "POST", "/v2.0/ports", port(", \"binding:vnic_type\": \"direct\""), 400,
                        "HTTPBadRequest"),
                bad("member binding a port", ALICE, "PUT", "/v2.0/ports/" + port,
                        "{\"port\": {\"binding:host_id\": \"hv1\"}}", 403, "PolicyNotAuthorized"),
                bad("profile with a non-string value", ADMIN, "PUT", "/v2.0/ports/" + port,
                        "{\"port\": {\"binding:profile\": {\"pci_slot\": 3}}}", 400, "HTTPBadRequest"),
                bad("delete a network with ports", ALICE, "DELETE", "/v2.0/networks/" + net, null, 409, "NetworkInUse"),
                bad("delete a subnet in use", ALICE, "DELETE", "/v2.0/subnets/" + subnet, null, 409, "SubnetInUse"),
                bad("unknown network", ALICE, "GET", "/v2.0/networks/" + UNKNOWN, null, 404, "NetworkNotFound"),
                bad("network by name", ALICE, "GET", "/v2.0/networks/n", null, 404, "NetworkNotFound"),
                bad("update an unknown subnet", ALICE, "PUT", "/v2.0/subnets/" + UNKNOWN,
                        "{\"subnet\": {\"name\": \"x\"}}", 404, "SubnetNotFound"),
                bad("delete an unknown port", ALICE, "DELETE", "/v2.0/ports/" + UNKNOWN, null, 404, "PortNotFound"),
                bad("another project reads", BOB, "GET", "/v2.0/ports/" + port, null, 404, "PortNotFound"),
                bad("another project updates", BOB, "PUT", "/v2.0/ports/" + port, "{\"port\": {\"name\": \"x\"}}", 404,
                        "PortNotFound"),
                bad("another project deletes", BOB, "DELETE", "/v2.0/subnets/" + subnet, null, 404, "SubnetNotFound"),
                bad("another project ports on it", BOB, "POST", "/v2.0/ports", port(""), 404, "NetworkNotFound"),
                bad("bad sort direction", ALICE, "GET", "/v2.0/ports?sort_key=name&sort_dir=sideways", null, 400,
                        "HTTPBadRequest"),
                bad("negative limit", ALICE, "GET", "/v2.0/ports?limit=-1", null, 400, "BadRequest"),
                bad("method not allowed", ALICE, "DELETE", "/v2.0/networks", null, 405, "HTTPMethodNotAllowed"),
                bad("unknown collection", ALICE, "GET", "/v2.0/security-groups", null, 404, "HTTPNotFound"),
                bad("path that dot-segments take out of the API", ALICE, "GET", "/v2.0//../../extra", null, 404,
                        "HTTPNotFound"),
                bad("POST to the versions document", ALICE, "POST", "/v2.0/floatingips/../..", "{}", 405,
                        "HTTPMethodNotAllowed"),
                bad("POST to the resources document", ALICE, "POST", "/v2.0", "{}", 405, "HTTPMethodNotAllowed"),
                bad("DELETE of an extension", ALICE, "DELETE", "/v2.0/extensions/router", null, 405,
                        "HTTPMethodNotAllowed"),
                bad("body over the limit", ALICE, "POST", "/v2.0/networks", "{\"network\": {\"name\": \"" + bigName
                        + "\"}}", 413, "HTTPRequestEntityTooLarge"));
    }
}
