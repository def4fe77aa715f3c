package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.store.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkApiTest {
    private final NeutronFixture api;

    NetworkApiTest() throws Exception {
        api = new NeutronFixture();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aNetworkHasNeutronsShape() {
        JsonNode network = api.create(ALICE, "networks", "{\"network\": {\"name\": \"web\", \"description\": \"d\"}}");
        List<String> keys = new ArrayList<>();
        network.fieldNames().forEachRemaining(keys::add);
        // A member does not see provider:* (Neutron's get_network:provider:* is admin only).
        assertThat(keys).contains("id", "name", "tenant_id", "project_id", "admin_state_up", "status", "subnets",
                "shared", "router:external", "mtu", "port_security_enabled", "availability_zone_hints",
                "availability_zones", "ipv4_address_scope", "ipv6_address_scope", "l2_adjacency", "description",
                "tags", "created_at", "updated_at", "revision_number").doesNotContain("provider:network_type");
        assertThat(network.get("name").asText()).isEqualTo("web");
        assertThat(network.get("tenant_id").asText()).isEqualTo("alpha");
        assertThat(network.get("project_id").asText()).isEqualTo("alpha");
        assertThat(network.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(network.get("mtu").asInt()).isEqualTo(1450);
        assertThat(network.get("admin_state_up").asBoolean()).isTrue();
        assertThat(network.get("shared").asBoolean()).isFalse();
        assertThat(network.get("router:external").asBoolean()).isFalse();
        assertThat(network.get("subnets")).isEmpty();
        assertThat(network.get("tags")).isEmpty();
        assertThat(network.get("description").asText()).isEqualTo("d");
        assertThat(network.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(network.get("revision_number").asLong()).isPositive();

        JsonNode asAdmin = api.get(ADMIN, "/v2.0/networks/" + network.get("id").asText()).at("/network");
        assertThat(asAdmin.get("provider:network_type").asText()).isEqualTo("vxlan");
        assertThat(asAdmin.get("provider:segmentation_id").asInt()).isEqualTo(1000);
        assertThat(asAdmin.get("provider:physical_network").isNull()).isTrue();
    }

    @Test
    void vnisComeFromTheRangeInOrderAndAreReusedAfterDelete() {
        String first = api.network(ALICE, "a");
        String second = api.network(ALICE, "b");
        assertThat(vni(first)).isEqualTo(1000);
        assertThat(vni(second)).isEqualTo(1001);
        assertThat(api.delete(ALICE, "/v2.0/networks/" + first).status()).isEqualTo(204);
        assertThat(vni(api.network(ALICE, "c"))).isEqualTo(1000);
    }

    @Test
    void theAdminChoosesASegmentationIdOnceOnly() {
        JsonNode network = api.create(ADMIN, "networks",
                "{\"network\": {\"provider:network_type\": \"vxlan\", \"provider:segmentation_id\": 42}}");
        assertThat(network.get("provider:segmentation_id").asInt()).isEqualTo(42);
        NeutronFixture.Response again = api.post(ADMIN, "/v2.0/networks",
                "{\"network\": {\"provider:segmentation_id\": 42}}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("TunnelIdInUse");
    }

    @Test
    void updateChangesTheNetworkAndItsRevision() {
        JsonNode network = api.create(ALICE, "networks", "{\"network\": {\"name\": \"old\"}}");
        String id = network.get("id").asText();
        NeutronFixture.Response updated = api.put(ALICE, "/v2.0/networks/" + id,
                "{\"network\": {\"name\": \"new\", \"admin_state_up\": false, \"mtu\": 1400}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.at("/network/name").asText()).isEqualTo("new");
        assertThat(updated.at("/network/admin_state_up").asBoolean()).isFalse();
        assertThat(updated.at("/network/mtu").asInt()).isEqualTo(1400);
        assertThat(updated.at("/network/revision_number").asLong())
                .isGreaterThan(network.get("revision_number").asLong());
        assertThat(updated.at("/network/created_at")).isEqualTo(network.get("created_at"));
        assertThat(api.get(ALICE, "/v2.0/networks/" + id).at("/network/name").asText()).isEqualTo("new");
    }

    @Test
    void deleteAnswers204WithAnEmptyBodyAndTheNetworkIsGoneAtOnce() {
        String id = api.network(ALICE, "n");
        api.subnet(ALICE, id, "10.0.0.0/24");
        NeutronFixture.Response deleted = api.delete(ALICE, "/v2.0/networks/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        NeutronFixture.Response gone = api.get(ALICE, "/v2.0/networks/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorType()).isEqualTo("NetworkNotFound");
        assertThat(gone.at("/NeutronError/message").asText()).isEqualTo("Network " + id + " could not be found.");
        assertThat(api.get(ALICE, "/v2.0/subnets").at("/subnets")).isEmpty();
        assertThat(api.storeDump()).doesNotContain("network/", "subnet/", "vni/");
    }

    @Test
    void aNetworkWithPortsCannotBeDeletedButItsDhcpPortsGoWithIt() {
        String id = api.network(ALICE, "n");
        api.subnet(ALICE, id, "10.0.0.0/24");
        String port = api.port(ALICE, id).get("id").asText();
        NeutronFixture.Response refused = api.delete(ALICE, "/v2.0/networks/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorType()).isEqualTo("NetworkInUse");
        api.put(ALICE, "/v2.0/ports/" + port, "{\"port\": {\"device_owner\": \"network:dhcp\"}}");
        assertThat(api.delete(ALICE, "/v2.0/networks/" + id).status()).isEqualTo(204);
        assertThat(api.get(ALICE, "/v2.0/ports/" + port).status()).isEqualTo(404);
        assertThat(api.storeDump()).doesNotContain("ip/", "mac/", "port/");
    }

    @Test
    void literalJsonSuffixesAreAccepted() {
        String id = api.network(ALICE, "n");
        assertThat(api.get(ALICE, "/v2.0/networks.json").at("/networks/0/id").asText()).isEqualTo(id);
        assertThat(api.get(ALICE, "/v2.0/networks/" + id + ".json").at("/network/id").asText()).isEqualTo(id);
        assertThat(api.delete(ALICE, "/v2.0/networks/" + id + ".json").status()).isEqualTo(204);
    }

    @Test
    void theMtuFollowsTheUnderlayAndTheRangeRunsOut() throws Exception {
        try (NeutronFixture jumbo = new NeutronFixture(NeutronConfig.defaults().withUnderlayMtu(9000)
                .withVniRange(7, 8), new InMemoryStore())) {
            JsonNode network = jumbo.create(ADMIN, "networks", "{\"network\": {}}");
            assertThat(network.get("mtu").asInt()).isEqualTo(8950);
            assertThat(network.get("provider:segmentation_id").asInt()).isEqualTo(7);
            jumbo.network(ADMIN, "second");
            NeutronFixture.Response full = jumbo.post(ADMIN, "/v2.0/networks", "{\"network\": {}}");
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.errorType()).isEqualTo("NoNetworkAvailable");
            NeutronFixture.Response tooBig = jumbo.post(ADMIN, "/v2.0/networks", "{\"network\": {\"mtu\": 9000}}");
            assertThat(tooBig.status()).isEqualTo(400);
        }
    }

    @Test
    void theAdminMakesNetworksSharedAndExternal() {
        JsonNode network = api.create(ADMIN, "networks",
                "{\"network\": {\"shared\": true, \"router:external\": true, \"tenant_id\": \"beta\"}}");
        assertThat(network.get("shared").asBoolean()).isTrue();
        assertThat(network.get("router:external").asBoolean()).isTrue();
        assertThat(network.get("project_id").asText()).isEqualTo("beta");
    }

    private int vni(String networkId) {
        return api.get(ADMIN, "/v2.0/networks/" + networkId).at("/network/provider:segmentation_id").asInt();
    }
}
