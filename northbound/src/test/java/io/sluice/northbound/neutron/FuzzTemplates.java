package io.sluice.northbound.neutron;

import java.util.ArrayList;
import java.util.List;

/**
 * Valid requests to every resource of the API, as the API tests send them, written against project alpha's
 * seeded resources ({@link FuzzWorld}): what the fuzzer mutates, so that its requests get past the first check.
 */
final class FuzzTemplates {
    /** The attribute names of every resource: a mutation's added keys and the query strings' filter keys. */
    static final List<String> ATTRIBUTES = List.of("id", "name", "description", "project_id", "tenant_id",
            "admin_state_up", "status", "shared", "router:external", "mtu", "port_security_enabled",
            "provider:network_type", "provider:physical_network", "provider:segmentation_id", "network_id",
            "ip_version", "cidr", "gateway_ip", "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes",
            "subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode", "mac_address", "fixed_ips", "device_id",
            "device_owner", "allowed_address_pairs", "binding:host_id", "binding:profile", "binding:vnic_type",
            "binding:vif_type", "external_gateway_info", "routes", "floating_network_id", "floating_ip_address",
            "subnet_id", "port_id", "fixed_ip_address", "router_id", "binding", "vnic_type", "profile", "protocol", "external_port", "internal_port",
            "internal_ip_address", "internal_port_id", "network", "port", "router", "floatingip", "subnet",
            "security_groups", "tags", "revision_number", "created_at", "alive", "host", "agent_type");

    private static final String PORT_FORWARDINGS = "/v2.0/floatingips/{alpha.fip2}/port_forwardings";
    private static final String BINDINGS = "/v2.0/ports/{alpha.port}/bindings";

    private FuzzTemplates() {
    }

    static List<FuzzRequest> all() {
        List<FuzzRequest> all = new ArrayList<>(reads());
        all.addAll(writes());
        return List.copyOf(all);
    }

    /** Reads of every collection and of each seeded resource, the discovery documents, quotas and agents. */
    static List<FuzzRequest> reads() {
        List<FuzzRequest> reads = new ArrayList<>();
        for (String path : List.of("/v2.0/", "/v2.0/extensions", "/v2.0/extensions/router",
                "/v2.0/extensions/port-security", "/v2.0/agents", "/v2.0/quotas", "/v2.0/quotas/alpha",
                "/v2.0/quotas/tenant", "/v2.0/quotas/alpha/details", "/v2.0/quotas/alpha/default",
                "/v2.0/routers/{alpha.router}/l3-agents", "/v2.0/agents/{unknown}/l3-routers",
                "/v2.0/agents/{unknown}", PORT_FORWARDINGS, PORT_FORWARDINGS + "/{alpha.pf}", BINDINGS,
                BINDINGS + "/hv1")) {
            reads.add(new FuzzRequest("GET", path, null));
        }
        for (String collection : List.of("networks", "subnets", "ports", "routers", "floatingips")) {
            reads.add(new FuzzRequest("GET", "/v2.0/" + collection, null));
        }
        for (String item : List.of("networks/{alpha.network}", "subnets/{alpha.subnet}", "ports/{alpha.port}",
                "routers/{alpha.router}", "floatingips/{alpha.fip}", "networks/{admin.external}")) {
            reads.add(new FuzzRequest("GET", "/v2.0/" + item, null));
        }
        return List.copyOf(reads);
    }

    /** Creates, updates, interface changes and deletes of every resource, with every attribute they take. */
    static List<FuzzRequest> writes() {
        return List.of(
                post("networks", "{\"network\": {\"name\": \"fuzz-net\", \"admin_state_up\": true, \"description\": "
                        + "\"d\", \"port_security_enabled\": true, \"mtu\": 1400}}"),
                put("networks/{alpha.network2}", "{\"network\": {\"name\": \"n2\", \"description\": \"x\", "
                        + "\"admin_state_up\": false, \"mtu\": 1300, \"port_security_enabled\": false}}"),
                post("subnets", "{\"subnet\": {\"network_id\": \"{alpha.network2}\", \"ip_version\": 4, "
                        + "\"cidr\": \"10.9.0.0/24\", \"gateway_ip\": \"10.9.0.1\", \"allocation_pools\": "
                        + "[{\"start\": \"10.9.0.10\", \"end\": \"10.9.0.20\"}], \"enable_dhcp\": true, "
                        + "\"dns_nameservers\": [\"192.0.2.53\"], \"host_routes\": [{\"destination\": "
                        + "\"192.168.0.0/24\", \"nexthop\": \"10.9.0.254\"}], \"name\": \"s\", \"description\": "
                        + "\"d\"}}"),
                put("subnets/{alpha.subnet2}", "{\"subnet\": {\"name\": \"s2\", \"dns_nameservers\": "
                        + "[\"192.0.2.54\"], \"gateway_ip\": \"100.64.1.129\", \"allocation_pools\": [{\"start\": "
                        + "\"100.64.1.200\", \"end\": \"100.64.1.220\"}], \"host_routes\": [], \"enable_dhcp\": "
                        + "false, \"description\": \"x\"}}"),
                post("ports", "{\"port\": {\"network_id\": \"{alpha.network}\", \"name\": \"p\", \"fixed_ips\": "
                        + "[{\"subnet_id\": \"{alpha.subnet}\", \"ip_address\": \"100.64.1.77\"}], \"mac_address\": "
                        + "\"fa:16:3e:12:34:56\", \"admin_state_up\": true, \"device_id\": \"vm-9\", "
                        + "\"device_owner\": \"compute:nova\", \"allowed_address_pairs\": [{\"ip_address\": "
                        + "\"100.64.1.100\", \"mac_address\": \"fa:16:3e:00:00:aa\"}], \"binding:vnic_type\": "
                        + "\"normal\", \"description\": \"d\", \"port_security_enabled\": true}}"),
                put("ports/{alpha.port2}", "{\"port\": {\"name\": \"p2\", \"admin_state_up\": false, "
                        + "\"allowed_address_pairs\": [{\"ip_address\": \"100.64.1.0/28\"}], \"fixed_ips\": "
                        + "[{\"subnet_id\": \"{alpha.subnet}\", \"ip_address\": \"100.64.1.78\"}], \"device_id\": "
                        + "\"vm-2\", \"device_owner\": \"compute:nova\", \"mac_address\": \"fa:16:3e:12:34:57\"}}"),
                put("ports/{alpha.port}", "{\"port\": {\"binding:host_id\": \"hv1\", \"binding:profile\": "
                        + "{\"migrating_to\": \"hv2\"}, \"binding:vnic_type\": \"normal\"}}"),
                post("routers", "{\"router\": {\"name\": \"r\", \"admin_state_up\": true, \"external_gateway_info\": "
                        + "{\"network_id\": \"{admin.external}\"}, \"description\": \"d\"}}"),
                put("routers/{alpha.router}", "{\"router\": {\"name\": \"r2\", \"routes\": [{\"destination\": "
                        + "\"192.168.7.0/24\", \"nexthop\": \"100.64.1.9\"}], \"external_gateway_info\": "
                        + "{\"network_id\": \"{admin.external}\", \"enable_snat\": true, \"external_fixed_ips\": "
                        + "[{\"subnet_id\": \"{admin.subnet}\"}]}}}"),
                put("routers/{alpha.router}/add_router_interface", "{\"subnet_id\": \"{alpha.subnet2}\"}"),
                put("routers/{alpha.router}/add_router_interface", "{\"port_id\": \"{alpha.port2}\"}"),
                put("routers/{alpha.router}/add_router_interface", "{\"subnet_id\": \"{admin.sharedsubnet}\"}"),
                put("routers/{alpha.router}/add_router_interface", "{\"port_id\": \"{alpha.sharedport}\"}"),
                post("ports", "{\"port\": {\"network_id\": \"{admin.shared}\", \"fixed_ips\": [{\"subnet_id\": "
                        + "\"{admin.sharedsubnet}\"}]}}"),
                put("routers/{alpha.router}/remove_router_interface", "{\"subnet_id\": \"{alpha.subnet}\"}"),
                put("routers/{alpha.router}/remove_router_interface", "{\"port_id\": \"{alpha.interface}\"}"),
                post("floatingips", "{\"floatingip\": {\"floating_network_id\": \"{admin.external}\", \"port_id\": "
                        + "\"{alpha.port2}\", \"fixed_ip_address\": \"100.64.1.3\", \"description\": \"d\", "
                        + "\"subnet_id\": \"{admin.subnet}\"}}"),
                put("floatingips/{alpha.fip}", "{\"floatingip\": {\"port_id\": null}}"),
                put("floatingips/{alpha.fip}", "{\"floatingip\": {\"port_id\": \"{alpha.port2}\", "
                        + "\"fixed_ip_address\": \"100.64.1.3\", \"description\": \"x\"}}"),
                new FuzzRequest("POST", PORT_FORWARDINGS, "{\"port_forwarding\": {\"protocol\": \"tcp\", "
                        + "\"external_port\": 8080, \"internal_port\": 80, \"internal_port_id\": \"{alpha.port}\", "
                        + "\"internal_ip_address\": \"100.64.1.5\", \"description\": \"d\"}}"),
                new FuzzRequest("PUT", PORT_FORWARDINGS + "/{alpha.pf}", "{\"port_forwarding\": {\"external_port\": "
                        + "8081, \"protocol\": \"udp\", \"internal_port\": 53, \"description\": \"x\"}}"),
                put("quotas/alpha", "{\"quota\": {\"network\": 50, \"subnet\": 50, \"port\": 100, \"router\": 5, "
                        + "\"floatingip\": 10}}"),
                post("networks", "{\"network\": {\"name\": \"ext\", \"router:external\": true, \"shared\": true, "
                        + "\"provider:network_type\": \"vxlan\", \"provider:segmentation_id\": 4242, "
                        + "\"project_id\": \"alpha\"}}"),
                post("networks", "{\"network\": {\"name\": \"flat\", \"provider:network_type\": \"flat\", "
                        + "\"provider:physical_network\": \"physnet1\", \"tenant_id\": \"alpha\"}}"),
                put("networks/{admin.external}", "{\"network\": {\"router:external\": true, \"shared\": false, "
                        + "\"name\": \"public2\"}}"),
                post("floatingips", "{\"floatingip\": {\"floating_network_id\": \"{admin.external}\", "
                        + "\"floating_ip_address\": \"203.0.113.99\", \"project_id\": \"alpha\"}}"),
                put("routers/{alpha.router}", "{\"router\": {\"external_gateway_info\": {\"network_id\": "
                        + "\"{admin.external}\", \"enable_snat\": false, \"external_fixed_ips\": [{\"subnet_id\": "
                        + "\"{admin.subnet}\", \"ip_address\": \"203.0.113.98\"}]}}}"),
                put("quotas/beta", "{\"quota\": {\"network\": -1, \"port\": \"7\", \"floatingip\": 0}}"),
                new FuzzRequest("POST", BINDINGS, "{\"binding\": {\"host\": \"hv2\", \"vnic_type\": \"normal\", "
                        + "\"profile\": {\"migrating_to\": \"hv2\"}}}"),
                new FuzzRequest("PUT", BINDINGS + "/hv2/activate", null),
                new FuzzRequest("DELETE", BINDINGS + "/hv2", null),
                delete("networks/{alpha.network2}"), delete("subnets/{alpha.subnet2}"), delete("ports/{alpha.port2}"),
                delete("routers/{alpha.router}"), delete("floatingips/{alpha.fip}"),
                new FuzzRequest("DELETE", PORT_FORWARDINGS + "/{alpha.pf}", null), delete("quotas/alpha"));
    }

    private static FuzzRequest post(String collection, String body) {
        return new FuzzRequest("POST", "/v2.0/" + collection, body);
    }

    private static FuzzRequest put(String item, String body) {
        return new FuzzRequest("PUT", "/v2.0/" + item, body);
    }

    private static FuzzRequest delete(String item) {
        return new FuzzRequest("DELETE", "/v2.0/" + item, null);
    }
}
