package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Neutron's binding-extended as Nova's live migration drives it: create on the destination, activate, delete. */
class PortBindingsApiTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final NeutronFixture api = fixture();

    private NeutronFixture fixture() {
        try {
            NeutronFixture fixture = new NeutronFixture(NeutronConfig.defaults()
                    .withTenantNetworks(NetworkType.VXLAN, MplsEncapsulation.GRE, Duration.ofSeconds(60)),
                    new InMemoryStore(), clock);
            fixture.agent("hv1", true);
            fixture.agent("hv2", true);
            return fixture;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        api.close();
    }

    private String boundPort(String network) {
        String port = api.port(ALICE, network).get("id").asText();
        assertThat(api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:host_id\": \"hv1\"}}").status())
                .isEqualTo(200);
        return port;
    }

    private String mplsNetwork() {
        String id = api.create(ADMIN, "networks", "{\"network\": {\"name\": \"m\", \"provider:network_type\": "
                + "\"mpls\", \"project_id\": \"alpha\"}}").get("id").asText();
        api.subnet(ALICE, id, "10.0.0.0/24");
        return id;
    }

    private String vxlanNetwork() {
        String id = api.network(ALICE, "v");
        api.subnet(ALICE, id, "10.0.0.0/24");
        return id;
    }

    private NeutronFixture.Response createBinding(String token, String port, String host) {
        return api.post(token, "/v2.0/ports/" + port + "/bindings", "{\"binding\": {\"host\": \"" + host + "\"}}");
    }

    private JsonNode bindings(String port) {
        return api.get(ADMIN, "/v2.0/ports/" + port + "/bindings").at("/bindings");
    }

    @Test
    void novasLiveMigrationCreatesActivatesAndDeletesBindings() {
        String port = boundPort(vxlanNetwork());
        NeutronFixture.Response created = createBinding(ADMIN, port, "hv2");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.at("/binding/status").asText()).isEqualTo("INACTIVE");
        assertThat(created.at("/binding/vif_type").asText()).isEqualTo("ovs");
        assertThat(created.at("/binding/vif_details/bridge_name").asText()).isEqualTo("br-int");
        assertThat(bindings(port)).extracting(b -> b.get("host").asText() + " " + b.get("status").asText())
                .containsExactly("hv1 ACTIVE", "hv2 INACTIVE");
        assertThat(api.get(ADMIN, "/v2.0/ports/" + port).at("/port/binding:host_id").asText()).isEqualTo("hv1");

        NeutronFixture.Response activated = api.put(ADMIN, "/v2.0/ports/" + port + "/bindings/hv2/activate", "");
        assertThat(activated.status()).as(activated.text()).isEqualTo(200);
        assertThat(activated.at("/binding/status").asText()).isEqualTo("ACTIVE");
        assertThat(api.get(ADMIN, "/v2.0/ports/" + port).at("/port/binding:host_id").asText()).isEqualTo("hv2");
        assertThat(bindings(port)).extracting(b -> b.get("host").asText() + " " + b.get("status").asText())
                .containsExactly("hv2 ACTIVE", "hv1 INACTIVE");

        assertThat(api.delete(ADMIN, "/v2.0/ports/" + port + "/bindings/hv1").status()).isEqualTo(204);
        assertThat(bindings(port)).extracting(b -> b.get("host").asText()).containsExactly("hv2");
        assertThat(api.get(ADMIN, "/v2.0/ports/" + port + "/bindings/hv2").at("/binding/status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void onAnMplsNetworkTheDestinationIsReadiedWithALabelItKeepsWhenActivated() {
        String port = boundPort(mplsNetwork());
        int source = api.get(ADMIN, "/v2.0/ports/" + port).at("/port/sluice:mpls_label").asInt();
        int destination = createBinding(ADMIN, port, "hv2").at("/binding/sluice:mpls_label").asInt();
        assertThat(destination).isNotEqualTo(source);
        api.put(ADMIN, "/v2.0/ports/" + port + "/bindings/hv2/activate", "");
        assertThat(api.get(ADMIN, "/v2.0/ports/" + port).at("/port/sluice:mpls_label").asInt()).isEqualTo(destination);
        api.delete(ADMIN, "/v2.0/ports/" + port + "/bindings/hv1");
        assertThat(api.storeDump()).contains("mplslabel/" + source + "=").contains("released_at");
        String other = api.port(ALICE, api.get(ADMIN, "/v2.0/ports/" + port).at("/port/network_id").asText())
                .get("id").asText();
        JsonNode bound = api.put(ADMIN, "/v2.0/ports/" + other, "{\"port\": {\"binding:host_id\": \"hv1\"}}")
                .at("/port");
        assertThat(bound.get("sluice:mpls_label").asInt()).as("the source's label sits out its quarantine")
                .isNotIn(source, destination);
    }

    @Test
    void novasOlderFormReadiesTheDestinationFromMigratingToAndMovesWithTheHost() {
        String port = boundPort(mplsNetwork());
        api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:profile\": {\"migrating_to\": \"hv2\"}}}");
        JsonNode readied = api.get(ADMIN, "/v2.0/ports/" + port + "/bindings/hv2").at("/binding");
        assertThat(readied.get("status").asText()).isEqualTo("INACTIVE");
        int label = readied.get("sluice:mpls_label").asInt();
        JsonNode moved = api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:host_id\": \"hv2\", "
                + "\"binding:profile\": {}}}").at("/port");
        assertThat(moved.get("binding:host_id").asText()).isEqualTo("hv2");
        assertThat(moved.get("sluice:mpls_label").asInt()).isEqualTo(label);
        assertThat(bindings(port)).extracting(b -> b.get("host").asText()).containsExactly("hv2");
    }

    @Test
    void unbindingDropsEveryBinding() {
        String port = boundPort(mplsNetwork());
        createBinding(ADMIN, port, "hv2");
        api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:host_id\": \"\"}}");
        assertThat(bindings(port)).isEmpty();
        assertThat(api.storeDump()).doesNotContain("\"host_id\":\"hv2\"");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String port = boundPort(vxlanNetwork());
        createBinding(ADMIN, port, "hv2");
        String bindings = "/v2.0/ports/" + port + "/bindings";
        api.assertRefusedAndUnchanged("a member", ALICE, "POST", bindings, "{\"binding\": {\"host\": \"hv3\"}}",
                403, "PolicyNotAuthorized");
        api.assertRefusedAndUnchanged("another project", BOB, "POST", bindings, "{\"binding\": {\"host\": \"hv3\"}}",
                404, "PortNotFound");
        api.assertRefusedAndUnchanged("no host", ADMIN, "POST", bindings, "{\"binding\": {}}", 400, "HTTPBadRequest");
        api.assertRefusedAndUnchanged("not a binding", ADMIN, "POST", bindings, "{\"port\": {}}", 400,
                "HTTPBadRequest");
        api.assertRefusedAndUnchanged("an unknown attribute", ADMIN, "POST", bindings,
                "{\"binding\": {\"host\": \"hv3\", \"color\": 1}}", 400, "HTTPBadRequest");
        api.assertRefusedAndUnchanged("direct vnic", ADMIN, "POST", bindings,
                "{\"binding\": {\"host\": \"hv3\", \"vnic_type\": \"direct\"}}", 400, "HTTPBadRequest");
        api.assertRefusedAndUnchanged("twice on a host", ADMIN, "POST", bindings, "{\"binding\": {\"host\": \"hv2\"}}",
                409, "PortBindingAlreadyExists");
        api.assertRefusedAndUnchanged("on the active host", ADMIN, "POST", bindings,
                "{\"binding\": {\"host\": \"hv1\"}}", 409, "PortBindingAlreadyExists");
        api.assertRefusedAndUnchanged("activate the active", ADMIN, "PUT", bindings + "/hv1/activate", "", 409,
                "PortBindingAlreadyActive");
        api.assertRefusedAndUnchanged("activate none", ADMIN, "PUT", bindings + "/hv9/activate", "", 404,
                "PortBindingNotFound");
        api.assertRefusedAndUnchanged("delete the active", ADMIN, "DELETE", bindings + "/hv1", null, 409,
                "PortBindingAlreadyActive");
        api.assertRefusedAndUnchanged("delete none", ADMIN, "DELETE", bindings + "/hv9", null, 404,
                "PortBindingNotFound");
        api.assertRefusedAndUnchanged("no such port", ADMIN, "GET", "/v2.0/ports/00000000-0000-4000-8000-000000000999"
                + "/bindings", null, 404, "PortNotFound");
    }

    @Test
    void theExtensionIsListed() {
        assertThat(api.get(ADMIN, "/v2.0/extensions/binding-extended").status()).isEqualTo(200);
    }
}
