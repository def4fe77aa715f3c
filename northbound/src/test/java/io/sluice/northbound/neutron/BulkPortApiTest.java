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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Neutron's bulk port create ({"ports": [...]}): in request order, each item planned against the model and the
 * items before it, one store commit for all; any bad item answers its own error and stores nothing.
 */
class BulkPortApiTest {
    private final NeutronFixture api;
    private final String network;
    private final String subnet;

    BulkPortApiTest() throws Exception {
        api = new NeutronFixture();
        network = api.network(ALICE, "n");
        subnet = api.subnet(ALICE, network, "10.0.0.0/24");
    }

    @AfterEach
    void close() {
        api.close();
    }

    private static String ports(String... items) {
        return "{\"ports\": [" + String.join(", ", items) + "]}";
    }

    private String on(String networkId, String attributes) {
        return "{\"network_id\": \"" + networkId + "\"" + attributes + "}";
    }

    private String item(String attributes) {
        return on(network, attributes);
    }

    private List<JsonNode> created(String token, String body) {
        return created(api, token, body);
    }

    /** The ports of a bulk create that must answer 201, in the order the API gave them. */
    private static List<JsonNode> created(NeutronFixture api, String token, String body) {
        NeutronFixture.Response response = api.post(token, "/v2.0/ports", body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(response.json().has("port")).isFalse();
        List<JsonNode> ports = new ArrayList<>();
        response.at("/ports").forEach(ports::add);
        return ports;
    }

    private void refused(String what, String token, String body, int status, String type) {
        api.assertRefusedAndUnchanged(what, token, "POST", "/v2.0/ports", body, status, type);
    }

    @Test
    void portsAreCreatedInRequestOrderWithTheirOwnAttributesInOneCommit() {
        long revision = api.store.revision();
        List<JsonNode> ports = created(ALICE, ports(item(", \"name\": \"a\""),
                item(", \"name\": \"b\", \"fixed_ips\": [{\"ip_address\": \"10.0.0.50\"}]"),
                item(", \"name\": \"c\", \"mac_address\": \"fa:16:3e:00:00:0c\", \"device_id\": \"vm-c\"")));

        assertThat(api.store.revision()).as("one commit").isEqualTo(revision + 1);
        assertThat(ports).extracting(p -> p.get("name").asText()).containsExactly("a", "b", "c");
        assertThat(ports).extracting(p -> p.at("/fixed_ips/0/ip_address").asText())
                .containsExactly("10.0.0.2", "10.0.0.50", "10.0.0.3");
        assertThat(ports.get(2).get("mac_address").asText()).isEqualTo("fa:16:3e:00:00:0c");
        assertThat(ports.get(2).get("device_id").asText()).isEqualTo("vm-c");
        assertThat(ports).extracting(p -> p.get("mac_address").asText()).doesNotHaveDuplicates()
                .allMatch(mac -> mac.matches("fa:16:3e(:[0-9a-f]{2}){3}"));
        for (JsonNode port : ports) {
            assertThat(port.at("/fixed_ips/0/subnet_id").asText()).isEqualTo(subnet);
            assertThat(port.get("project_id").asText()).isEqualTo("alpha");
            assertThat(port.get("status").asText()).isEqualTo("DOWN");
            assertThat(api.get(ALICE, "/v2.0/ports/" + port.get("id").asText()).at("/port")).isEqualTo(port);
        }
        assertThat(api.get(ALICE, "/v2.0/ports").at("/ports").size()).isEqualTo(3);
    }

    @Test
    void itemsWrappedUnderTheirResourceNameAsOlderOpenStackSdkSendsThemAreRead() {
        List<JsonNode> ports = created(ALICE, ports("{\"port\": " + item(", \"name\": \"a\"") + "}",
                item(", \"name\": \"b\"")));
        assertThat(ports).extracting(p -> p.get("name").asText()).containsExactly("a", "b");
    }

    @Test
    void aBadItemInTheMiddleAnswersItsOwnErrorAndStoresNothing() {
        String good = item(", \"name\": \"good\"");
        refused("unknown attribute", ALICE, ports(good, item(", \"colour\": \"red\""), good), 400,
                "HTTPBadRequest");
        refused("no network_id", ALICE, ports(good, "{\"name\": \"x\"}", good), 400, "HTTPBadRequest");
        refused("an item that is not a dictionary", ALICE, ports(good, "\"port\"", good), 400, "HTTPBadRequest");
        refused("a network that does not exist", ALICE,
                ports(good, on("0b6d2b32-4e76-4a4b-9e10-95c0a4d4a1a2", ""), good), 404, "NetworkNotFound");
        refused("an address outside the subnets", ALICE,
                ports(good, item(", \"fixed_ips\": [{\"ip_address\": \"10.9.9.9\"}]"), good), 400,
                "InvalidIpForNetwork");
        refused("port security off with address pairs", ALICE, ports(good, item(", \"port_security_enabled\": false, "
                + "\"allowed_address_pairs\": [{\"ip_address\": \"10.0.0.99\"}]"), good), 409,
                "AddressPairAndPortSecurityRequired");
        assertThat(api.get(ALICE, "/v2.0/ports").at("/ports")).isEmpty();
    }

    @Test
    void anotherProjectsNetworkInOneItemIsNotFoundAndNothingIsStored() {
        String bobs = api.network(BOB, "b");
        api.subnet(BOB, bobs, "10.1.0.0/24");
        refused("bob's network", ALICE, ports(item(""), on(bobs, ""), item("")), 404, "NetworkNotFound");
        assertThat(api.get(ADMIN, "/v2.0/ports").at("/ports")).isEmpty();
    }

    @Test
    void addressesAndMacsAskedForTwiceInOneRequestConflictAsWithAnExistingPort() {
        refused("one address twice", ALICE, ports(item(", \"fixed_ips\": [{\"ip_address\": \"10.0.0.9\"}]"),
                item(", \"fixed_ips\": [{\"ip_address\": \"10.0.0.9\"}]")), 409, "IpAddressAlreadyAllocated");
        refused("an address an earlier item got by default", ALICE, ports(item(""),
                item(", \"fixed_ips\": [{\"ip_address\": \"10.0.0.2\"}]")), 409, "IpAddressAlreadyAllocated");
        refused("one MAC twice", ALICE, ports(item(", \"mac_address\": \"fa:16:3e:00:00:01\""),
                item(", \"mac_address\": \"fa:16:3e:00:00:01\"")), 409, "MacAddressInUse");
        api.port(ALICE, network);
        refused("an address an existing port holds", ALICE, ports(item(""),
                item(", \"fixed_ips\": [{\"ip_address\": \"10.0.0.2\"}]")), 409, "IpAddressAlreadyAllocated");
    }

    @Test
    void aSubnetRunningOutOfAddressesInsideTheRequestFailsItAll() {
        String small = api.network(ALICE, "small");
        api.subnet(ALICE, small, "10.5.0.0/29"); // .2 to .6: five addresses
        List<String> six = Collections.nCopies(6, on(small, ""));
        refused("six ports, five addresses", ALICE, ports(six.toArray(String[]::new)), 409,
                "IpAddressGenerationFailure");
        List<JsonNode> five = created(ALICE, ports(six.subList(0, 5).toArray(String[]::new)));
        assertThat(five).extracting(p -> p.at("/fixed_ips/0/ip_address").asText())
                .containsExactly("10.5.0.2", "10.5.0.3", "10.5.0.4", "10.5.0.5", "10.5.0.6");
    }

    @Test
    void theQuotaCountsEveryItemOfTheRequest() {
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"port\": 3}}").status()).isEqualTo(200);
        String four = ports(item(""), item(""), item(""), item(""));
        refused("four ports, quota three", ALICE, four, 409, "OverQuota");
        assertThat(created(ALICE, ports(item(""), item(""), item("")))).hasSize(3);
        refused("one more", ALICE, ports(item("")), 409, "OverQuota");
    }

    @Test
    void theRequestMustHoldBetweenOneAndTheLimitOfItems() {
        refused("an empty list", ALICE, ports(), 400, "HTTPBadRequest");
        refused("ports not a list", ALICE, "{\"ports\": {\"network_id\": \"" + network + "\"}}", 400,
                "HTTPBadRequest");
        String over = ports(Collections.nCopies(CreateBody.MAX_ITEMS + 1, item("")).toArray(String[]::new));
        NeutronFixture.Response response = api.post(ALICE, "/v2.0/ports", over);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.at("/NeutronError/message").asText()).contains("1001 ports").contains("limit of 1000");
        assertThat(api.get(ALICE, "/v2.0/ports").at("/ports")).isEmpty();
    }

    @Test
    void theLimitOfItemsFitsTheBodyLimit() {
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"port\": -1}}").status()).isEqualTo(200);
        String big = api.network(ALICE, "big");
        api.subnet(ALICE, big, "10.8.0.0/20");
        String full = on(big, ", \"name\": \"vm-port-with-a-longish-name\", \"device_owner\": \"compute:nova\", "
                + "\"device_id\": \"0b6d2b32-4e76-4a4b-9e10-95c0a4d4a1a2\", \"admin_state_up\": true");
        String body = ports(Collections.nCopies(CreateBody.MAX_ITEMS, full).toArray(String[]::new));
        assertThat(body.length()).isGreaterThan(200_000);
        assertThat(created(ALICE, body)).hasSize(CreateBody.MAX_ITEMS);
    }

    @Test
    void boundPortsOfAnMplsNetworkTakeTheLowestFreeLabelsEachItsOwn() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (NeutronFixture mpls = new NeutronFixture(NeutronConfig.defaults().withTenantNetworks(NetworkType.MPLS,
                MplsEncapsulation.GRE, Duration.ofSeconds(60)), new InMemoryStore(), clock)) {
            mpls.agent("hv1", true);
            String m = mpls.network(ADMIN, "m");
            mpls.subnet(ADMIN, m, "10.0.0.0/24");
            String bound = "{\"network_id\": \"" + m + "\", \"binding:host_id\": \"hv1\"}";
            List<JsonNode> first = created(mpls, ADMIN, ports(bound, bound, bound));
            assertThat(first).extracting(p -> p.get("sluice:mpls_label").asInt()).containsExactly(16, 17, 18);
            String middle = first.get(1).get("id").asText();
            assertThat(mpls.put(ADMIN, "/v2.0/ports/" + middle, "{\"port\": {\"binding:host_id\": \"\"}}")
                    .status()).isEqualTo(200);

            assertThat(created(mpls, ADMIN, ports(bound, bound))).as("17 sits out its quarantine")
                    .extracting(p -> p.get("sluice:mpls_label").asInt()).containsExactly(19, 20);
            clock.advance(Duration.ofSeconds(61));
            assertThat(created(mpls, ADMIN, ports(bound, bound))).extracting(p -> p.get("sluice:mpls_label").asInt())
                    .containsExactly(17, 21);
        }
    }
}
