package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryApiTest {
    private final NeutronFixture api;
    private final List<String> ids = new ArrayList<>();

    /** Five networks named n0..n4 with admin_state_up alternating. */
    QueryApiTest() throws Exception {
        api = new NeutronFixture();
        for (int i = 0; i < 5; i++) {
            ids.add(api.create(ALICE, "networks", "{\"network\": {\"name\": \"n" + i + "\", \"admin_state_up\": "
                    + (i % 2 == 0) + "}}").get("id").asText());
        }
    }

    @AfterEach
    void close() {
        api.close();
    }

    private List<String> names(String query) {
        NeutronFixture.Response response = api.get(ALICE, "/v2.0/networks" + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.at("/networks").forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    @Test
    void filtersOnAnyAttributeWithRepeatedValuesOred() {
        assertThat(names("?name=n1")).containsExactly("n1");
        assertThat(names("?name=n1&name=n3&sort_key=name&sort_dir=asc")).containsExactly("n1", "n3");
        assertThat(names("?id=" + ids.get(0) + "&id=" + ids.get(4) + "&sort_key=name&sort_dir=asc"))
                .containsExactly("n0", "n4");
        assertThat(names("?admin_state_up=False&sort_key=name&sort_dir=asc")).containsExactly("n1", "n3");
        assertThat(names("?admin_state_up=true&name=n2")).containsExactly("n2");
        assertThat(names("?name=nope")).isEmpty();
        assertThat(names("?name=")).hasSize(5);
        assertThat(names("?mtu=1450")).hasSize(5);
        assertThat(names("?tenant_id=alpha")).hasSize(5);
    }

    @Test
    void unknownFiltersAndBadValuesAre400() {
        assertThat(api.get(ALICE, "/v2.0/networks?colour=red").status()).isEqualTo(400);
        assertThat(api.get(ALICE, "/v2.0/networks?shared=maybe").status()).isEqualTo(400);
        assertThat(api.get(ALICE, "/v2.0/networks?mtu=big").status()).isEqualTo(400);
    }

    @Test
    void portFiltersByDeviceNetworkAndFixedIps() {
        String net = ids.get(0);
        String subnet = api.subnet(ALICE, net, "10.0.0.0/24");
        JsonNode a = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + net + "\", \"device_id\": \"vm-a\"}}");
        api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + net + "\", \"device_id\": \"vm-b\"}}");
        assertThat(api.get(ALICE, "/v2.0/ports?device_id=vm-a").at("/ports/0/id")).isEqualTo(a.get("id"));
        assertThat(api.get(ALICE, "/v2.0/ports?network_id=" + net).at("/ports").size()).isEqualTo(2);
        assertThat(api.get(ALICE, "/v2.0/ports?fixed_ips=ip_address%3D10.0.0.2").at("/ports/0/id"))
                .isEqualTo(a.get("id"));
        assertThat(api.get(ALICE, "/v2.0/ports?fixed_ips=subnet_id%3D" + subnet).at("/ports").size()).isEqualTo(2);
        assertThat(api.get(ALICE, "/v2.0/ports?fixed_ips=subnet_id%3D" + subnet
                + "&fixed_ips=ip_address%3D10.0.0.3").at("/ports").size()).isEqualTo(1);
        assertThat(api.get(ALICE, "/v2.0/ports?fixed_ips=ip_address%3D10.0.0.99").at("/ports")).isEmpty();
        assertThat(api.get(ALICE, "/v2.0/ports?fixed_ips=bogus").status()).isEqualTo(400);
        assertThat(api.get(ALICE, "/v2.0/subnets?network_id=" + net).at("/subnets/0/id").asText()).isEqualTo(subnet);
    }

    @Test
    void fieldsKeepOnlyWhatWasAsked() {
        JsonNode network = api.get(ALICE, "/v2.0/networks?fields=id&fields=name&name=n0").at("/networks/0");
        List<String> keys = new ArrayList<>();
        network.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("id", "name");
        JsonNode shown = api.get(ALICE, "/v2.0/networks/" + ids.get(0) + "?fields=mtu").at("/network");
        assertThat(shown.toString()).isEqualTo("{\"mtu\":1450}");
    }

    @Test
    void sortsByRepeatedKeysAndDirections() {
        assertThat(names("?sort_key=name&sort_dir=desc")).containsExactly("n4", "n3", "n2", "n1", "n0");
        assertThat(names("?sort_key=admin_state_up&sort_dir=asc&sort_key=name&sort_dir=desc"))
                .containsExactly("n3", "n1", "n4", "n2", "n0");
        assertThat(api.get(ALICE, "/v2.0/networks?sort_key=name").status()).isEqualTo(400);
        assertThat(api.get(ALICE, "/v2.0/networks?sort_key=colour&sort_dir=asc").status()).isEqualTo(400);
        assertThat(api.get(ALICE, "/v2.0/networks?sort_key=name&sort_dir=up").status()).isEqualTo(400);
    }

    @Test
    void paginatesWithLimitMarkerAndLinksAsNeutron() {
        NeutronFixture.Response first = api.get(ALICE, "/v2.0/networks?limit=2&sort_key=name&sort_dir=asc");
        assertThat(names(first)).containsExactly("n0", "n1");
        JsonNode links = first.at("/networks_links");
        assertThat(rel(links, "next")).contains("marker=" + ids.get(1)).contains("limit=2");
        assertThat(rel(links, "previous")).contains("marker=" + ids.get(0)).contains("page_reverse=True");

        NeutronFixture.Response second = follow(rel(links, "next"));
        assertThat(names(second)).containsExactly("n2", "n3");
        NeutronFixture.Response third = follow(rel(second.at("/networks_links"), "next"));
        assertThat(names(third)).containsExactly("n4");
        // A short forward page has no next link, only previous.
        assertThat(third.at("/networks_links").size()).isEqualTo(1);
        NeutronFixture.Response back = follow(rel(third.at("/networks_links"), "previous"));
        assertThat(names(back)).containsExactly("n2", "n3");

        assertThat(api.get(ALICE, "/v2.0/networks").json().has("networks_links")).isFalse();
        assertThat(api.get(ALICE, "/v2.0/networks?limit=abc").status()).isEqualTo(400);
        NeutronFixture.Response badMarker = api.get(ALICE, "/v2.0/networks?limit=2&marker=" + ids.get(0)
                .replace('-', '0'));
        assertThat(badMarker.status()).isEqualTo(404);
        assertThat(badMarker.errorType()).isEqualTo("NetworkNotFound");
    }

    @Test
    void linksUseTheConfiguredBaseUrl() throws Exception {
        try (NeutronFixture behindProxy = new NeutronFixture(NeutronConfig.defaults()
                .withBaseUrl("http://neutron.example:9696/"), new io.sluice.controller.store.InMemoryStore())) {
            behindProxy.network(ADMIN, "a");
            behindProxy.network(ADMIN, "b");
            String next = rel(behindProxy.get(ADMIN, "/v2.0/networks?limit=1").at("/networks_links"), "next");
            assertThat(next).startsWith("http://neutron.example:9696/v2.0/networks?limit=1&marker=");
        }
    }

    private static List<String> names(NeutronFixture.Response response) {
        List<String> names = new ArrayList<>();
        response.at("/networks").forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    private static String rel(JsonNode links, String rel) {
        for (JsonNode link : links) {
            if (link.get("rel").asText().equals(rel)) {
                return link.get("href").asText();
            }
        }
        throw new AssertionError("no " + rel + " link in " + links);
    }

    private NeutronFixture.Response follow(String href) {
        URI uri = URI.create(href);
        return api.get(ALICE, uri.getRawPath() + "?" + uri.getRawQuery());
    }
}
