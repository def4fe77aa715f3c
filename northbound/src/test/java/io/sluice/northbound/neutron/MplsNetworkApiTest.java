package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.NetworkType;
import io.sluice.northbound.keystone.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MPLS networks beside VXLAN ones (the default tenant type), underlay MTU 1500, labels quarantined 60 s. */
class MplsNetworkApiTest {
    private static final Duration QUARANTINE = Duration.ofSeconds(60);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final List<NeutronFixture> fixtures = new ArrayList<>();
    private final NeutronFixture api = fixture(NetworkType.VXLAN, MplsEncapsulation.GRE);

    private NeutronFixture fixture(NetworkType tenantType, MplsEncapsulation encapsulation) {
        try {
            NeutronFixture fixture = new NeutronFixture(NeutronConfig.defaults()
                    .withTenantNetworks(tenantType, encapsulation, QUARANTINE), new InMemoryStore(), clock);
            fixtures.add(fixture);
            fixture.agent("hv1", true);
            fixture.agent("hv2", true);
            return fixture;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        fixtures.forEach(NeutronFixture::close);
    }

    private static String mplsBody(String extra) {
        return "{\"network\": {\"name\": \"m\", \"provider:network_type\": \"mpls\"" + extra + "}}";
    }

    @Test
    void anAdminCreatesAnMplsNetworkWithAVrfNumberFromTheVniPoolAndTheMtuLeftByMplsOverGre() {
        JsonNode network = api.create(ADMIN, "networks", mplsBody(""));
        assertThat(network.get("provider:network_type").asText()).isEqualTo("mpls");
        int vrf = network.get("provider:segmentation_id").asInt();
        assertThat(network.get("provider:physical_network").isNull()).isTrue();
        // 1500 - (outer IPv4 20 + GRE 4 + label 4)
        assertThat(network.get("mtu").asInt()).isEqualTo(1472);
        assertThat(api.storeDump()).contains("vni/" + vrf);
        JsonNode vxlan = api.create(ADMIN, "networks", "{\"network\": {\"name\": \"v\"}}");
        assertThat(vxlan.get("provider:network_type").asText()).isEqualTo("vxlan");
        assertThat(vxlan.get("provider:segmentation_id").asInt()).as("one pool for VNIs and VRF numbers")
                .isNotEqualTo(vrf);
    }

    @Test
    void insideVxlanTheLabelCostsFourBytesMoreThanVxlan() {
        NeutronFixture inVxlan = fixture(NetworkType.VXLAN, MplsEncapsulation.VXLAN);
        assertThat(inVxlan.create(ADMIN, "networks", mplsBody("")).get("mtu").asInt()).isEqualTo(1446);
    }

    @Test
    void membersGetTheConfiguredTenantNetworkType() {
        assertThat(api.get(ADMIN, "/v2.0/networks/" + api.network(ALICE, "a")).at("/network/provider:network_type")
                .asText()).isEqualTo("vxlan");
        NeutronFixture mplsTenants = fixture(NetworkType.MPLS, MplsEncapsulation.GRE);
        String id = mplsTenants.network(ALICE, "a");
        JsonNode network = mplsTenants.get(ADMIN, "/v2.0/networks/" + id).at("/network");
        assertThat(network.get("provider:network_type").asText()).isEqualTo("mpls");
        assertThat(network.get("mtu").asInt()).isEqualTo(1472);
        assertThat(mplsTenants.get(ALICE, "/v2.0/networks/" + id).at("/network").has("provider:network_type"))
                .isFalse();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("a member chooses mpls", ALICE, mplsBody(""), 403, "PolicyNotAuthorized"),
                Arguments.of("mpls with a segmentation id", ADMIN, mplsBody(", \"provider:segmentation_id\": 5"),
                        400, "InvalidInput"),
                Arguments.of("mpls on a physical network", ADMIN,
                        mplsBody(", \"provider:physical_network\": \"physnet1\""), 400, "InvalidInput"),
                Arguments.of("MTU above what MPLS over GRE leaves", ADMIN, mplsBody(", \"mtu\": 1473"), 400,
                        "InvalidInput"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void badMplsNetworksAreRefusedAndChangeNothing(String what, String token, String body, int status, String type) {
        api.assertRefusedAndUnchanged(what, token, "POST", "/v2.0/networks", body, status, type);
    }

    private String mplsNetworkOfAlice() {
        String id = api.create(ADMIN, "networks", mplsBody(", \"project_id\": \"alpha\"")).get("id").asText();
        api.subnet(ALICE, id, "10.0.0.0/24");
        return id;
    }

    private JsonNode bind(String portId, String host) {
        NeutronFixture.Response response = api.put(ADMIN, "/v2.0/ports/" + portId,
                "{\"port\": {\"binding:host_id\": \"" + host + "\"}}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.at("/port");
    }

    private JsonNode label(String portId) {
        return api.get(ADMIN, "/v2.0/ports/" + portId).at("/port/sluice:mpls_label");
    }

    @Test
    void aPortGetsItsLabelWhenItBindsAndOnlyAdminsSeeIt() {
        String network = mplsNetworkOfAlice();
        String port = api.port(ALICE, network).get("id").asText();
        assertThat(label(port).isNull()).isTrue();
        assertThat(bind(port, "hv1").get("sluice:mpls_label").asInt()).isEqualTo(16);
        assertThat(api.get(ALICE, "/v2.0/ports/" + port).at("/port").has("sluice:mpls_label")).isFalse();
        assertThat(api.storeDump()).contains("mplslabel/16=");

        JsonNode created = api.create(ADMIN, "ports", "{\"port\": {\"network_id\": \"" + network
                + "\", \"project_id\": \"alpha\", \"binding:host_id\": \"hv2\"}}");
        assertThat(created.get("sluice:mpls_label").asInt()).isEqualTo(17);
        assertThat(api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"name\": \"renamed\"}}")
                .at("/port/sluice:mpls_label").asInt()).isEqualTo(16);
    }

    @Test
    void aRouterInterfaceIsBoundToTheRoutersHostAndSoLabelledAndItsRemovalQuarantinesTheLabel() {
        api.agent("net1", true, true);
        String network = mplsNetworkOfAlice();
        String subnet = api.get(ALICE, "/v2.0/subnets?network_id=" + network).at("/subnets/0/id").asText();
        String router = api.router(ALICE, null);
        String port = api.addInterface(ALICE, router, subnet);
        JsonNode bound = api.get(ADMIN, "/v2.0/ports/" + port).at("/port");
        assertThat(bound.get("binding:host_id").asText()).isEqualTo("net1");
        assertThat(bound.get("sluice:mpls_label").asInt()).isEqualTo(16);

        api.put(ALICE, "/v2.0/routers/" + router + "/remove_router_interface", "{\"subnet_id\": \"" + subnet + "\"}");
        String again = api.addInterface(ALICE, router, subnet);
        assertThat(label(again).asInt()).as("16 sits out its quarantine").isEqualTo(17);
    }

    @Test
    void anUnscheduledRoutersInterfaceStaysUnboundWithoutALabel() {
        String network = mplsNetworkOfAlice();
        String subnet = api.get(ALICE, "/v2.0/subnets?network_id=" + network).at("/subnets/0/id").asText();
        String port = api.addInterface(ALICE, api.router(ALICE, null), subnet);
        assertThat(api.get(ADMIN, "/v2.0/ports/" + port).at("/port/binding:host_id").asText()).isEmpty();
        assertThat(label(port).isNull()).isTrue();
    }

    @Test
    void portsOfVxlanNetworksHaveNoLabel() {
        String vxlan = api.network(ALICE, "v");
        String port = api.port(ALICE, vxlan).get("id").asText();
        assertThat(bind(port, "hv1").get("sluice:mpls_label").isNull()).isTrue();
        assertThat(api.storeDump()).doesNotContain("mplslabel/");
    }

    @Test
    void theLabelIsReadOnly() {
        String port = api.port(ALICE, mplsNetworkOfAlice()).get("id").asText();
        api.assertRefusedAndUnchanged("setting the label", ADMIN, "PUT", "/v2.0/ports/" + port,
                "{\"port\": {\"sluice:mpls_label\": 99}}", 400, "HTTPBadRequest");
    }

    @Test
    void anUnboundLabelIsNotReusedDuringItsQuarantineAndIsAfterwards() {
        String network = mplsNetworkOfAlice();
        String first = api.port(ALICE, network).get("id").asText();
        String second = api.port(ALICE, network).get("id").asText();
        bind(first, "hv1");
        assertThat(bind(first, "").get("sluice:mpls_label").isNull()).isTrue();

        clock.advance(QUARANTINE.minusSeconds(1));
        assertThat(bind(second, "hv1").get("sluice:mpls_label").asInt()).isEqualTo(17);
        bind(second, "");
        clock.advance(Duration.ofSeconds(1));
        assertThat(bind(second, "hv1").get("sluice:mpls_label").asInt()).isEqualTo(16);
    }

    @Test
    void rebindingToAnotherHostGivesANewLabelAndQuarantinesTheOld() {
        String network = mplsNetworkOfAlice();
        String port = api.port(ALICE, network).get("id").asText();
        bind(port, "hv1");
        assertThat(bind(port, "hv2").get("sluice:mpls_label").asInt()).isEqualTo(17);
        String other = api.port(ALICE, network).get("id").asText();
        assertThat(bind(other, "hv1").get("sluice:mpls_label").asInt()).isEqualTo(18);
    }

    @Test
    void deletingABoundPortQuarantinesItsLabel() {
        String network = mplsNetworkOfAlice();
        String port = api.port(ALICE, network).get("id").asText();
        bind(port, "hv1");
        assertThat(api.delete(ALICE, "/v2.0/ports/" + port).status()).isEqualTo(204);
        assertThat(api.storeDump()).contains("released_at");
        String next = api.port(ALICE, network).get("id").asText();
        assertThat(bind(next, "hv1").get("sluice:mpls_label").asInt()).isEqualTo(17);
    }

    @Test
    void theLabelExtensionIsListed() {
        assertThat(api.get(ALICE, "/v2.0/extensions/sluice-mpls-label").at("/extension/name").asText())
                .isEqualTo("Sluice MPLS labels");
    }
}
