package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterApiTest {
    private final NeutronFixture api;
    private final String external;
    private final String network;
    private final String subnet;

    RouterApiTest() throws Exception {
        api = new NeutronFixture();
        external = api.externalNetwork("public", "203.0.113.0/24");
        network = api.network(ALICE, "n");
        subnet = api.subnet(ALICE, network, "10.0.0.0/24");
    }

    @AfterEach
    void close() {
        api.close();
    }

    private JsonNode port(String id) {
        return api.get(ADMIN, "/v2.0/ports/" + id).at("/port");
    }

    private List<JsonNode> portsOf(String deviceId) {
        List<JsonNode> ports = new ArrayList<>();
        api.get(ADMIN, "/v2.0/ports?device_id=" + deviceId).at("/ports").forEach(ports::add);
        return ports;
    }

    @Test
    void aRouterWithAGatewayHasNeutronsShapeAndAGatewayPortOnTheExternalNetwork() {
        JsonNode router = api.create(ALICE, "routers", "{\"router\": {\"name\": \"edge\", \"external_gateway_info\": "
                + "{\"network_id\": \"" + external + "\"}}}");
        String id = router.get("id").asText();
        assertThat(router.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(router.get("project_id").asText()).isEqualTo("alpha");
        assertThat(router.get("routes")).isEmpty();
        assertThat(router.at("/external_gateway_info/network_id").asText()).isEqualTo(external);
        assertThat(router.at("/external_gateway_info/enable_snat").asBoolean()).isTrue();
        assertThat(router.at("/external_gateway_info/external_fixed_ips/0/ip_address").asText())
                .isEqualTo("203.0.113.2");

        List<JsonNode> ports = portsOf(id);
        assertThat(ports).hasSize(1);
        JsonNode gateway = ports.get(0);
        assertThat(gateway.get("device_owner").asText()).isEqualTo("network:router_gateway");
        assertThat(gateway.get("project_id").asText()).isEmpty();
        assertThat(gateway.get("network_id").asText()).isEqualTo(external);
        assertThat(gateway.at("/fixed_ips/0/ip_address").asText()).isEqualTo("203.0.113.2");
        // The gateway port is no project's: the router's owner does not see it, as in Neutron.
        assertThat(api.get(ALICE, "/v2.0/ports?device_id=" + id).at("/ports")).isEmpty();
        assertThat(api.get(ALICE, "/v2.0/routers?name=edge").at("/routers/0/id").asText()).isEqualTo(id);
        assertThat(api.get(BOB, "/v2.0/routers/" + id).errorType()).isEqualTo("RouterNotFound");
        assertThat(api.get(BOB, "/v2.0/routers").at("/routers")).isEmpty();
    }

    @Test
    void theGatewayIsSetMovedAndClearedWithItsPort() {
        String router = api.router(ALICE, null);
        assertThat(api.get(ALICE, "/v2.0/routers/" + router).at("/router/external_gateway_info").isNull()).isTrue();
        NeutronFixture.Response set = api.put(ADMIN, "/v2.0/routers/" + router, "{\"router\": "
                + "{\"external_gateway_info\": {\"network_id\": \"" + external + "\", \"enable_snat\": false, "
                + "\"external_fixed_ips\": [{\"ip_address\": \"203.0.113.50\"}]}}}");
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.at("/router/external_gateway_info/enable_snat").asBoolean()).isFalse();
        assertThat(set.at("/router/external_gateway_info/external_fixed_ips/0/ip_address").asText())
                .isEqualTo("203.0.113.50");
        assertThat(portsOf(router)).hasSize(1);
        String firstPort = portsOf(router).get(0).get("id").asText();

        // Same network, SNAT unnamed: the port and the SNAT setting stay (ext-gw-mode).
        NeutronFixture.Response again = api.put(ALICE, "/v2.0/routers/" + router, "{\"router\": "
                + "{\"external_gateway_info\": {\"network_id\": \"" + external + "\"}, \"name\": \"renamed\"}}");
        assertThat(again.at("/router/external_gateway_info/enable_snat").asBoolean()).isFalse();
        assertThat(portsOf(router).get(0).get("id").asText()).isEqualTo(firstPort);
        assertThat(again.at("/router/name").asText()).isEqualTo("renamed");

        String other = api.externalNetwork("public2", "198.51.100.0/24");
        NeutronFixture.Response moved = api.put(ALICE, "/v2.0/routers/" + router, "{\"router\": "
                + "{\"external_gateway_info\": {\"network_id\": \"" + other + "\"}}}");
        assertThat(moved.at("/router/external_gateway_info/external_fixed_ips/0/ip_address").asText())
                .isEqualTo("198.51.100.2");
        assertThat(api.get(ADMIN, "/v2.0/ports/" + firstPort).status()).isEqualTo(404);

        NeutronFixture.Response cleared = api.put(ALICE, "/v2.0/routers/" + router, "{\"router\": "
                + "{\"external_gateway_info\": {}}}");
        assertThat(cleared.at("/router/external_gateway_info").isNull()).isTrue();
        assertThat(portsOf(router)).isEmpty();
    }

    @Test
    void interfacesBySubnetAndByPortAnswerAsNeutron() {
        String router = api.router(ALICE, external);
        NeutronFixture.Response added = api.put(ALICE, "/v2.0/routers/" + router + "/add_router_interface",
                "{\"subnet_id\": \"" + subnet + "\"}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.at("/id").asText()).isEqualTo(router);
        assertThat(added.at("/subnet_id").asText()).isEqualTo(subnet);
        assertThat(added.at("/subnet_ids/0").asText()).isEqualTo(subnet);
        assertThat(added.at("/network_id").asText()).isEqualTo(network);
        assertThat(added.at("/tenant_id").asText()).isEqualTo("alpha");
        assertThat(added.at("/project_id").asText()).isEqualTo("alpha");
        JsonNode port = port(added.at("/port_id").asText());
        assertThat(port.get("device_owner").asText()).isEqualTo("network:router_interface");
        assertThat(port.get("device_id").asText()).isEqualTo(router);
        assertThat(port.at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.1");
        assertThat(port.get("project_id").asText()).isEqualTo("alpha");

        String net2 = api.network(ALICE, "n2");
        String subnet2 = api.subnet(ALICE, net2, "10.2.0.0/24");
        String own = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + net2 + "\", \"fixed_ips\": "
                + "[{\"subnet_id\": \"" + subnet2 + "\", \"ip_address\": \"10.2.0.254\"}]}}").get("id").asText();
        NeutronFixture.Response byPort = api.put(ALICE, "/v2.0/routers/" + router + "/add_router_interface",
                "{\"port_id\": \"" + own + "\"}");
        assertThat(byPort.status()).as(byPort.text()).isEqualTo(200);
        assertThat(byPort.at("/subnet_id").asText()).isEqualTo(subnet2);
        assertThat(port(own).get("device_owner").asText()).isEqualTo("network:router_interface");

        NeutronFixture.Response routes = api.put(ALICE, "/v2.0/routers/" + router, "{\"router\": {\"routes\": "
                + "[{\"destination\": \"192.168.9.0/24\", \"nexthop\": \"10.2.0.9\"}]}}");
        assertThat(routes.at("/router/routes/0/nexthop").asText()).isEqualTo("10.2.0.9");
        NeutronFixture.Response inUse = api.put(ALICE, "/v2.0/routers/" + router + "/remove_router_interface",
                "{\"port_id\": \"" + own + "\"}");
        assertThat(inUse.errorType()).isEqualTo("RouterInterfaceInUseByRoute");
        api.put(ALICE, "/v2.0/routers/" + router, "{\"router\": {\"routes\": []}}");

        NeutronFixture.Response removed = api.put(ALICE, "/v2.0/routers/" + router + "/remove_router_interface",
                "{\"subnet_id\": \"" + subnet + "\"}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.at("/port_id").asText()).isEqualTo(added.at("/port_id").asText());
        assertThat(api.get(ADMIN, "/v2.0/ports/" + added.at("/port_id").asText()).status()).isEqualTo(404);
        assertThat(api.put(ALICE, "/v2.0/routers/" + router + "/remove_router_interface",
                "{\"port_id\": \"" + own + "\"}").status()).isEqualTo(200);
        // Removing an interface that was a port deletes the port too, as Neutron does.
        assertThat(api.get(ADMIN, "/v2.0/ports/" + own).status()).isEqualTo(404);
    }

    @Test
    void deletingARouterNeedsItsInterfacesGoneAndTakesItsGatewayPortAndBinding() {
        api.agent("net1", true, true);
        String router = api.router(ALICE, external);
        api.addInterface(ALICE, router, subnet);
        assertThat(api.delete(ALICE, "/v2.0/routers/" + router).errorType()).isEqualTo("RouterInUse");
        api.put(ALICE, "/v2.0/routers/" + router + "/remove_router_interface", "{\"subnet_id\": \"" + subnet + "\"}");
        assertThat(api.delete(ALICE, "/v2.0/routers/" + router).status()).isEqualTo(204);
        assertThat(api.get(ALICE, "/v2.0/routers/" + router).status()).isEqualTo(404);
        assertThat(portsOf(router)).isEmpty();
        assertThat(api.repository.current().routerHosts()).isEmpty();
        assertThat(api.delete(ADMIN, "/v2.0/networks/" + external).status()).isEqualTo(204);
    }

    @Test
    void routersAreScheduledToTheLeastLoadedAliveL3AgentAndShownThere() {
        api.agent("compute1", true, false);
        api.agent("net2", true, true);
        api.agent("net1", true, true);
        api.agent("net3", false, true);
        String first = api.router(ALICE, null);
        String second = api.router(ALICE, null);
        String third = api.router(ADMIN, null);
        assertThat(api.repository.current().routerHosts())
                .containsEntry(first, "net1").containsEntry(second, "net2").containsEntry(third, "net1");

        NeutronFixture.Response agents = api.get(ADMIN, "/v2.0/agents?agent_type=L3%20agent&sort_key=host"
                + "&sort_dir=asc");
        assertThat(agents.at("/agents").size()).isEqualTo(3);
        JsonNode net1 = agents.at("/agents/0");
        assertThat(net1.get("host").asText()).isEqualTo("net1");
        assertThat(net1.get("binary").asText()).isEqualTo("sluice-l3-agent");
        assertThat(net1.at("/configurations/routers").asInt()).isEqualTo(2);
        assertThat(net1.at("/configurations/agent_mode").asText()).isEqualTo("legacy");
        assertThat(agents.at("/agents/2/alive").asBoolean()).isFalse();
        // Each network node is listed twice, once per agent, with ids of their own.
        assertThat(api.get(ADMIN, "/v2.0/agents?host=net1").at("/agents").size()).isEqualTo(2);
        assertThat(api.get(ADMIN, "/v2.0/agents").at("/agents").size()).isEqualTo(7);
        String net1Id = net1.get("id").asText();
        assertThat(api.get(ADMIN, "/v2.0/agents/" + net1Id).at("/agent/agent_type").asText()).isEqualTo("L3 agent");

        NeutronFixture.Response hosting = api.get(ADMIN, "/v2.0/routers/" + first + "/l3-agents");
        assertThat(hosting.at("/agents").size()).isEqualTo(1);
        assertThat(hosting.at("/agents/0/id").asText()).isEqualTo(net1Id);
        assertThat(hosting.at("/agents/0/host").asText()).isEqualTo("net1");
        List<String> hosted = new ArrayList<>();
        api.get(ADMIN, "/v2.0/agents/" + net1Id + "/l3-routers").at("/routers").forEach(r -> hosted.add(r.get("id")
                .asText()));
        assertThat(hosted).containsExactlyInAnyOrder(first, third);
        String ovsAgent = api.get(ADMIN, "/v2.0/agents?host=compute1").at("/agents/0/id").asText();
        assertThat(api.get(ADMIN, "/v2.0/agents/" + ovsAgent + "/l3-routers").at("/routers")).isEmpty();
        assertThat(api.get(ALICE, "/v2.0/routers/" + first + "/l3-agents").errorType())
                .isEqualTo("PolicyNotAuthorized");
        assertThat(api.get(ADMIN, "/v2.0/agents/" + first + "/l3-routers").errorType()).isEqualTo("AgentNotFound");
    }

    @Test
    void aScheduledRoutersGatewayAndInterfacesAreBoundToItsHostAsNeutronBindsThem() {
        api.agent("net1", true, true);
        String created = api.router(ALICE, external);
        String updated = api.router(ALICE, null);
        api.put(ALICE, "/v2.0/routers/" + updated, "{\"router\": {\"external_gateway_info\": {\"network_id\": \""
                + external + "\"}}}");
        api.addInterface(ALICE, updated, subnet);
        for (String router : List.of(created, updated)) {
            assertThat(portsOf(router)).isNotEmpty().allSatisfy(port -> assertThat(port.get("binding:host_id").asText())
                    .as(port.get("device_owner").asText()).isEqualTo("net1"));
        }
    }

    @Test
    void withoutAnAliveL3AgentARouterStaysUnscheduled() {
        api.agent("net1", false, true);
        String router = api.router(ALICE, external);
        assertThat(api.repository.current().routerHosts()).doesNotContainKey(router);
        assertThat(portsOf(router)).singleElement().satisfies(gateway ->
                assertThat(gateway.get("binding:host_id").asText()).as("unbound with no host").isEmpty());
        assertThat(api.get(ADMIN, "/v2.0/routers/" + router + "/l3-agents").at("/agents")).isEmpty();
    }

    @Test
    void routersCountAgainstTheirQuota() {
        api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"router\": 1}}");
        api.router(ALICE, null);
        NeutronFixture.Response over = api.post(ALICE, "/v2.0/routers", "{\"router\": {}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorType()).isEqualTo("OverQuota");
        assertThat(api.get(ALICE, "/v2.0/quotas/alpha/details.json").at("/quota/router/used").asInt()).isEqualTo(1);
    }
}
