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

/**
 * Neutron's bulk create of networks ({"networks": [...]}) and subnets ({"subnets": [...]}): in request order, each
 * item checked against the model and the items before it, one commit; a bad item stores nothing.
 */
class BulkNetworkApiTest {
    private final NeutronFixture api;

    BulkNetworkApiTest() throws Exception {
        api = new NeutronFixture();
    }

    @AfterEach
    void close() {
        api.close();
    }

    private List<JsonNode> created(String token, String collection, String body) {
        NeutronFixture.Response response = api.post(token, "/v2.0/" + collection, body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        List<JsonNode> items = new ArrayList<>();
        response.at("/" + collection).forEach(items::add);
        return items;
    }

    private static String subnet(String networkId, String cidr) {
        return "{\"network_id\": \"" + networkId + "\", \"ip_version\": 4, \"cidr\": \"" + cidr + "\"}";
    }

    @Test
    void networksAreCreatedInOrderWithAVniEachInOneCommit() {
        long revision = api.store.revision();
        List<JsonNode> networks = created(ALICE, "networks",
                "{\"networks\": [{\"name\": \"a\"}, {\"network\": {\"name\": \"b\"}}, "
                        + "{\"name\": \"c\", \"mtu\": 1400}]}");
        assertThat(api.store.revision()).as("one commit").isEqualTo(revision + 1);
        assertThat(networks).extracting(n -> n.get("name").asText()).containsExactly("a", "b", "c");
        assertThat(networks.get(2).get("mtu").asInt()).isEqualTo(1400);
        List<Integer> vnis = new ArrayList<>();
        for (JsonNode network : networks) {
            JsonNode shown = api.get(ADMIN, "/v2.0/networks/" + network.get("id").asText()).at("/network");
            assertThat(shown.get("project_id").asText()).isEqualTo("alpha");
            vnis.add(shown.get("provider:segmentation_id").asInt());
        }
        assertThat(vnis).containsExactly(1000, 1001, 1002);
    }

    @Test
    void aSegmentTakenByAnEarlierItemOrABadItemStoresNothing() {
        api.assertRefusedAndUnchanged("one VNI twice", ADMIN, "POST", "/v2.0/networks",
                "{\"networks\": [{\"provider:segmentation_id\": 42}, {\"provider:segmentation_id\": 42}]}", 409,
                "TunnelIdInUse");
        api.assertRefusedAndUnchanged("an MTU too big in the middle", ALICE, "POST", "/v2.0/networks",
                "{\"networks\": [{\"name\": \"a\"}, {\"mtu\": 9000}, {\"name\": \"c\"}]}", 400, "InvalidInput");
        api.assertRefusedAndUnchanged("no networks", ALICE, "POST", "/v2.0/networks", "{\"networks\": []}", 400,
                "HTTPBadRequest");
        assertThat(api.get(ADMIN, "/v2.0/networks").at("/networks")).isEmpty();
    }

    @Test
    void theNetworkQuotaCountsEveryItem() {
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"network\": 2}}").status()).isEqualTo(200);
        api.assertRefusedAndUnchanged("three networks, quota two", ALICE, "POST", "/v2.0/networks",
                "{\"networks\": [{}, {}, {}]}", 409, "OverQuota");
        assertThat(created(ALICE, "networks", "{\"networks\": [{}, {}]}")).hasSize(2);
    }

    @Test
    void subnetsAreCreatedInOrderOnTheirNetworksInOneCommit() {
        String first = api.network(ALICE, "a");
        String second = api.network(ALICE, "b");
        long revision = api.store.revision();
        List<JsonNode> subnets = created(ALICE, "subnets", "{\"subnets\": [" + subnet(first, "10.0.0.0/24") + ", "
                + subnet(second, "10.0.0.0/24") + ", " + subnet(first, "10.1.0.0/24") + "]}");
        assertThat(api.store.revision()).as("one commit").isEqualTo(revision + 1);
        assertThat(subnets).extracting(s -> s.get("network_id").asText()).containsExactly(first, second, first);
        assertThat(subnets).extracting(s -> s.get("gateway_ip").asText())
                .containsExactly("10.0.0.1", "10.0.0.1", "10.1.0.1");
        assertThat(api.get(ALICE, "/v2.0/networks/" + first).at("/network/subnets").size()).isEqualTo(2);
    }

    @Test
    void overlappingItemsOnOneNetworkOrAnotherProjectsNetworkStoreNothing() {
        String network = api.network(ALICE, "a");
        String bobs = api.network(BOB, "b");
        api.assertRefusedAndUnchanged("two items overlapping", ALICE, "POST", "/v2.0/subnets",
                "{\"subnets\": [" + subnet(network, "10.0.0.0/24") + ", " + subnet(network, "10.0.0.128/25") + "]}",
                400, "InvalidInput");
        api.assertRefusedAndUnchanged("bob's network in the middle", ALICE, "POST", "/v2.0/subnets",
                "{\"subnets\": [" + subnet(network, "10.0.0.0/24") + ", " + subnet(bobs, "10.1.0.0/24") + ", "
                        + subnet(network, "10.2.0.0/24") + "]}", 404, "NetworkNotFound");
        assertThat(api.get(ALICE, "/v2.0/subnets").at("/subnets")).isEmpty();
    }
}
