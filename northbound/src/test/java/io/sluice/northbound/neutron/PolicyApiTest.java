package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyApiTest {
    private final NeutronFixture api;

    PolicyApiTest() throws Exception {
        api = new NeutronFixture();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void everyCallNeedsAValidToken() {
        for (String token : new String[] {null, "", "forged"}) {
            NeutronFixture.Response response = api.get(token, "/v2.0/networks");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().get("content-type").get(0)).startsWith("application/json");
            assertThat(response.at("/error/code").asInt()).isEqualTo(401);
        }
        assertThat(api.post(null, "/v2.0/networks", "{\"network\": {}}").status()).isEqualTo(401);
        assertThat(api.get(null, "/v2.0/").status()).isEqualTo(401);
        assertThat(api.get(null, "/").status()).isEqualTo(200);
    }

    @Test
    void anotherProjectsResourcesAnswer404AndStayUnchanged() {
        String network = api.network(ALICE, "private");
        String subnet = api.subnet(ALICE, network, "10.0.0.0/24");
        String port = api.port(ALICE, network).get("id").asText();
        String before = api.storeDump();
        assertThat(api.get(BOB, "/v2.0/networks/" + network).errorType()).isEqualTo("NetworkNotFound");
        assertThat(api.get(BOB, "/v2.0/subnets/" + subnet).errorType()).isEqualTo("SubnetNotFound");
        assertThat(api.get(BOB, "/v2.0/ports/" + port).errorType()).isEqualTo("PortNotFound");
        assertThat(api.put(BOB, "/v2.0/networks/" + network, "{\"network\": {\"name\": \"x\"}}").status())
                .isEqualTo(404);
        assertThat(api.delete(BOB, "/v2.0/networks/" + network).status()).isEqualTo(404);
        assertThat(api.delete(BOB, "/v2.0/ports/" + port).status()).isEqualTo(404);
        assertThat(api.post(BOB, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}").errorType())
                .isEqualTo("NetworkNotFound");
        assertThat(api.get(BOB, "/v2.0/networks").at("/networks")).isEmpty();
        assertThat(api.get(BOB, "/v2.0/ports").at("/ports")).isEmpty();
        assertThat(api.storeDump()).isEqualTo(before);
        assertThat(api.get(ADMIN, "/v2.0/networks").at("/networks").size()).isEqualTo(1);
    }

    @Test
    void sharedNetworksAreReadableAndUsableButNotChangeableByOthers() {
        String shared = api.create(ADMIN, "networks", "{\"network\": {\"name\": \"public\", \"shared\": true}}")
                .get("id").asText();
        String subnet = api.subnet(ADMIN, shared, "203.0.113.0/24");
        assertThat(api.get(ALICE, "/v2.0/networks").at("/networks/0/id").asText()).isEqualTo(shared);
        assertThat(api.get(ALICE, "/v2.0/subnets/" + subnet).status()).isEqualTo(200);
        JsonNode port = api.port(ALICE, shared);
        assertThat(port.get("project_id").asText()).isEqualTo("alpha");
        String before = api.storeDump();
        NeutronFixture.Response rename = api.put(ALICE, "/v2.0/networks/" + shared, "{\"network\": {\"name\": \"x\"}}");
        assertThat(rename.status()).isEqualTo(404);
        assertThat(api.delete(ALICE, "/v2.0/networks/" + shared).status()).isEqualTo(404);
        NeutronFixture.Response subnetOnShared = api.post(ALICE, "/v2.0/subnets", "{\"subnet\": {\"network_id\": \""
                + shared + "\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\"}}");
        assertThat(subnetOnShared.status()).isEqualTo(403);
        assertThat(subnetOnShared.errorType()).isEqualTo("PolicyNotAuthorized");
        NeutronFixture.Response fixedIp = api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + shared
                + "\", \"fixed_ips\": [{\"ip_address\": \"203.0.113.9\"}]}}");
        assertThat(fixedIp.status()).isEqualTo(403);
        assertThat(api.storeDump()).isEqualTo(before);
        // The network's owner sees the member's port on it; another member does not.
        assertThat(api.get(ADMIN, "/v2.0/ports/" + port.get("id").asText()).status()).isEqualTo(200);
        assertThat(api.get(BOB, "/v2.0/ports/" + port.get("id").asText()).status()).isEqualTo(404);
        assertThat(api.put(ADMIN, "/v2.0/networks/" + shared, "{\"network\": {\"shared\": false}}").errorType())
                .isEqualTo("InvalidSharedSetting");
    }

    @Test
    void adminOnlyAttributesAre403ForMembers() {
        String before = api.storeDump();
        for (String attribute : new String[] {"\"shared\": true", "\"router:external\": true",
                "\"provider:network_type\": \"vxlan\"", "\"provider:segmentation_id\": 5"}) {
            NeutronFixture.Response response = api.post(ALICE, "/v2.0/networks", "{\"network\": {" + attribute + "}}");
            assertThat(response.status()).as(attribute).isEqualTo(403);
            assertThat(response.errorType()).isEqualTo("PolicyNotAuthorized");
        }
        String network = api.network(ALICE, "n");
        String afterNetwork = api.storeDump();
        NeutronFixture.Response binding = api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + network
                + "\", \"binding:host_id\": \"hv1\"}}");
        assertThat(binding.status()).isEqualTo(403);
        String port = api.port(ALICE, network).get("id").asText();
        String withPort = api.storeDump();
        assertThat(api.put(ALICE, "/v2.0/ports/" + port, "{\"port\": {\"binding:profile\": {}}}").status())
                .isEqualTo(403);
        assertThat(api.storeDump()).isEqualTo(withPort).isNotEqualTo(afterNetwork).isNotEqualTo(before);
    }

    @Test
    void projectIdAndTenantIdAreBothAcceptedAndMustAgree() {
        assertThat(api.create(ALICE, "networks", "{\"network\": {\"project_id\": \"alpha\"}}").get("tenant_id")
                .asText()).isEqualTo("alpha");
        assertThat(api.create(ALICE, "networks", "{\"network\": {\"tenant_id\": \"alpha\"}}").get("project_id")
                .asText()).isEqualTo("alpha");
        assertThat(api.post(ALICE, "/v2.0/networks", "{\"network\": {\"tenant_id\": \"beta\"}}").status())
                .isEqualTo(400);
        assertThat(api.post(ADMIN, "/v2.0/networks", "{\"network\": {\"tenant_id\": \"beta\", \"project_id\": "
                + "\"alpha\"}}").status()).isEqualTo(400);
        JsonNode forBeta = api.create(ADMIN, "networks", "{\"network\": {\"project_id\": \"beta\"}}");
        assertThat(api.get(BOB, "/v2.0/networks/" + forBeta.get("id").asText()).status()).isEqualTo(200);
    }
}
