package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.models.ipam.PhysicalNetwork;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flat and VLAN networks on physnet1 (VLANs 100..101 handed out) and physnet2 (no range), MTU 1500. */
class ProviderNetworkApiTest {
    private final NeutronFixture api;

    ProviderNetworkApiTest() throws Exception {
        api = new NeutronFixture(NeutronConfig.defaults().withUnderlayMtu(1600).withPhysicalNetworks(
                List.of(PhysicalNetwork.parse("physnet1:100:101"), PhysicalNetwork.parse("physnet2")), 1500),
                new InMemoryStore());
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aFlatExternalNetworkHasThePhysicalMtu() {
        JsonNode network = api.create(ADMIN, "networks", "{\"network\": {\"name\": \"public\", "
                + "\"router:external\": true, \"provider:network_type\": \"flat\", "
                + "\"provider:physical_network\": \"physnet1\"}}");
        assertThat(network.get("provider:network_type").asText()).isEqualTo("flat");
        assertThat(network.get("provider:physical_network").asText()).isEqualTo("physnet1");
        assertThat(network.get("provider:segmentation_id").isNull()).isTrue();
        assertThat(network.get("router:external").asBoolean()).isTrue();
        assertThat(network.get("mtu").asInt()).isEqualTo(1500);
        assertThat(api.storeDump()).contains("flat/physnet1");
    }

    @Test
    void vlanIdsComeFromTheRangeOrAreGivenAnywhereWithinOneTo4094() {
        assertThat(vlan(api.create(ADMIN, "networks", vlanBody(null, null)))).isEqualTo("physnet1/100");
        assertThat(vlan(api.create(ADMIN, "networks", vlanBody("physnet1", null)))).isEqualTo("physnet1/101");
        assertThat(vlan(api.create(ADMIN, "networks", vlanBody("physnet2", 4094)))).isEqualTo("physnet2/4094");
        assertThat(vlan(api.create(ADMIN, "networks", vlanBody("physnet1", 7)))).isEqualTo("physnet1/7");
        NeutronFixture.Response exhausted = api.post(ADMIN, "/v2.0/networks", vlanBody("physnet1", null));
        assertThat(exhausted.status()).isEqualTo(503);
        assertThat(exhausted.errorType()).isEqualTo("NoNetworkAvailable");
    }

    @Test
    void theSameVlanOnAnotherPhysicalNetworkIsAnotherSegment() {
        api.create(ADMIN, "networks", vlanBody("physnet1", 42));
        assertThat(vlan(api.create(ADMIN, "networks", vlanBody("physnet2", 42)))).isEqualTo("physnet2/42");
    }

    @Test
    void deletingANetworkFreesItsSegment() {
        String id = api.create(ADMIN, "networks", flatBody("physnet2")).get("id").asText();
        assertThat(api.delete(ADMIN, "/v2.0/networks/" + id).status()).isEqualTo(204);
        assertThat(api.storeDump()).doesNotContain("flat/");
        assertThat(api.post(ADMIN, "/v2.0/networks", flatBody("physnet2")).status()).isEqualTo(201);
    }

    @Test
    void twoConcurrentCreatesOfOneSegmentHaveOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> create = () -> api.post(ADMIN, "/v2.0/networks", vlanBody("physnet2", 300)).status();
            List<Future<Integer>> results = pool.invokeAll(List.of(create, create));
            assertThat(List.of(results.get(0).get(), results.get(1).get())).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPortBindsOnlyOnHostsWhoseAgentMapsItsPhysicalNetwork() {
        api.agent("hv1", true); // maps physnet1 only
        String onPhysnet1 = api.create(ADMIN, "networks", flatBody("physnet1")).get("id").asText();
        String onPhysnet2 = api.create(ADMIN, "networks", vlanBody("physnet2", 7)).get("id").asText();
        assertThat(bind(onPhysnet1)).isEqualTo("ovs");
        assertThat(bind(onPhysnet2)).isEqualTo("binding_failed");
    }

    private String bind(String networkId) {
        String port = api.port(ADMIN, networkId).get("id").asText();
        return api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:host_id\": \"hv1\"}}")
                .at("/port/binding:vif_type").asText();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a member sets provider attributes", ALICE, flatBody("physnet1"), 403, "PolicyNotAuthorized"),
                Arguments.of("unknown flat physical network", ADMIN, flatBody("physnet9"), 400, "InvalidInput"),
                Arguments.of("flat without physical network", ADMIN,
                        "{\"network\": {\"provider:network_type\": \"flat\"}}", 400, "InvalidInput"),
                Arguments.of("flat with a segmentation id", ADMIN, "{\"network\": {\"provider:network_type\": "
                        + "\"flat\", \"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 5}}",
                        400, "InvalidInput"),
                Arguments.of("second flat network on a physnet", ADMIN, flatBody("physnet1"), 409, "FlatNetworkInUse"),
                Arguments.of("VLAN id in use", ADMIN, vlanBody("physnet1", 42), 409, "VlanIdInUse"),
                Arguments.of("VLAN id 0", ADMIN, vlanBody("physnet1", 0), 400, "InvalidInput"),
                Arguments.of("VLAN id 4095", ADMIN, vlanBody("physnet1", 4095), 400, "InvalidInput"),
                Arguments.of("VLAN id without physical network", ADMIN, vlanBody(null, 5), 400, "InvalidInput"),
                Arguments.of("unknown VLAN physical network", ADMIN, vlanBody("physnet9", 5), 400, "InvalidInput"),
                Arguments.of("no VLAN range to allocate from", ADMIN, vlanBody("physnet2", null), 503,
                        "NoNetworkAvailable"),
                Arguments.of("unknown network type", ADMIN, "{\"network\": {\"provider:network_type\": \"gre\"}}",
                        400, "InvalidInput"),
                Arguments.of("MTU above the physical MTU", ADMIN, "{\"network\": {\"provider:network_type\": "
                        + "\"flat\", \"provider:physical_network\": \"physnet2\", \"mtu\": 1501}}", 400,
                        "InvalidInput"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void badProviderInputIsRefusedAndChangesNothing(String what, String token, String body, int status, String type) {
        api.create(ADMIN, "networks", flatBody("physnet1"));
        api.create(ADMIN, "networks", vlanBody("physnet1", 42));
        String before = api.storeDump();
        NeutronFixture.Response response = api.post(token, "/v2.0/networks", body);
        assertThat(response.status()).as(what + ": " + response.text()).isEqualTo(status);
        assertThat(response.errorType()).as(what).isEqualTo(type);
        assertThat(api.storeDump()).as(what).isEqualTo(before);
    }

    private static String flatBody(String physicalNetwork) {
        return "{\"network\": {\"provider:network_type\": \"flat\", \"provider:physical_network\": \""
                + physicalNetwork + "\"}}";
    }

    private static String vlanBody(String physicalNetwork, Integer vlan) {
        return "{\"network\": {\"provider:network_type\": \"vlan\""
                + (physicalNetwork == null ? "" : ", \"provider:physical_network\": \"" + physicalNetwork + "\"")
                + (vlan == null ? "" : ", \"provider:segmentation_id\": " + vlan) + "}}";
    }

    private static String vlan(JsonNode network) {
        assertThat(network.get("provider:network_type").asText()).isEqualTo("vlan");
        return network.get("provider:physical_network").asText() + "/"
                + network.get("provider:segmentation_id").asInt();
    }
}
