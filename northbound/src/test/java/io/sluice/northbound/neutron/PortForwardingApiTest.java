package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortForwardingApiTest {
    private final NeutronFixture api;
    private final String router;
    private final String vm;
    private final String fip;

    PortForwardingApiTest() throws Exception {
        api = new NeutronFixture();
        String external = api.externalNetwork("public", "203.0.113.0/24");
        String network = api.network(ALICE, "n");
        String subnet = api.subnet(ALICE, network, "10.0.0.0/24");
        router = api.router(ALICE, external);
        api.addInterface(ALICE, router, subnet);
        vm = api.port(ALICE, network).get("id").asText();
        fip = api.floatingIp(ALICE, external, null).get("id").asText();
    }

    @AfterEach
    void close() {
        api.close();
    }

    private String path() {
        return "/v2.0/floatingips/" + fip + "/port_forwardings";
    }

    private String body(String protocol, int external, int internal) {
        return "{\"port_forwarding\": {\"protocol\": \"" + protocol + "\", \"external_port\": " + external
                + ", \"internal_port\": " + internal + ", \"internal_port_id\": \"" + vm
                + "\", \"internal_ip_address\": \"10.0.0.2\"}}";
    }

    @Test
    void aPortLosingTheForwardedAddressLosesItsForwardingsAndFloatingIpsInTheSameCommit() {
        assertThat(api.post(ALICE, path(), body("tcp", 2222, 22)).status()).isEqualTo(201);
        String subnet = api.get(ALICE, "/v2.0/ports/" + vm).at("/port/fixed_ips/0/subnet_id").asText();
        NeutronFixture.Response moved = api.put(ALICE, "/v2.0/ports/" + vm, "{\"port\": {\"fixed_ips\": [{\"subnet_id\": \""
                + subnet + "\", \"ip_address\": \"10.0.0.50\"}]}}");
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(api.get(ALICE, path()).at("/port_forwardings")).as("forwarding to 10.0.0.2").isEmpty();

        String other = api.floatingIp(ALICE, api.get(ALICE, "/v2.0/floatingips/" + fip)
                .at("/floatingip/floating_network_id").asText(), vm).get("id").asText();
        assertThat(api.get(ALICE, "/v2.0/floatingips/" + other).at("/floatingip/fixed_ip_address").asText())
                .isEqualTo("10.0.0.50");
        NeutronFixture.Response back = api.put(ALICE, "/v2.0/ports/" + vm, "{\"port\": {\"fixed_ips\": [{\"subnet_id\": \""
                + subnet + "\", \"ip_address\": \"10.0.0.51\"}]}}");
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        JsonNode released = api.get(ALICE, "/v2.0/floatingips/" + other).at("/floatingip");
        assertThat(released.get("port_id").isNull()).as("disassociated: %s", released).isTrue();
        assertThat(released.get("fixed_ip_address").isNull()).isTrue();
    }

    @Test
    void forwardingsAreCreatedListedUpdatedAndDeleted() {
        NeutronFixture.Response created = api.post(ALICE, path(), body("tcp", 2222, 22));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode pf = created.at("/port_forwarding");
        String id = pf.get("id").asText();
        assertThat(pf.get("protocol").asText()).isEqualTo("tcp");
        assertThat(pf.get("external_port").asInt()).isEqualTo(2222);
        assertThat(pf.get("internal_port").asInt()).isEqualTo(22);
        assertThat(pf.get("internal_ip_address").asText()).isEqualTo("10.0.0.2");
        assertThat(pf.get("internal_port_id").asText()).isEqualTo(vm);
        // The same external port on another protocol is another forwarding.
        assertThat(api.post(ALICE, path(), body("udp", 2222, 53)).status()).isEqualTo(201);

        assertThat(api.get(ALICE, path()).at("/port_forwardings").size()).isEqualTo(2);
        assertThat(api.get(ALICE, path() + "?protocol=udp").at("/port_forwardings/0/internal_port").asInt())
                .isEqualTo(53);
        assertThat(api.get(ALICE, path() + "/" + id).at("/port_forwarding/external_port").asInt()).isEqualTo(2222);
        JsonNode shownFip = api.get(ALICE, "/v2.0/floatingips/" + fip).at("/floatingip");
        // Neutron shows the router of the forwardings on the floating IP, which maps no port.
        assertThat(shownFip.get("router_id").asText()).isEqualTo(router);
        assertThat(shownFip.get("port_id").isNull()).isTrue();
        assertThat(shownFip.at("/port_forwardings").size()).isEqualTo(2);

        NeutronFixture.Response updated = api.put(ALICE, path() + "/" + id, "{\"port_forwarding\": "
                + "{\"external_port\": 2200, \"description\": \"ssh\"}}");
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.at("/port_forwarding/external_port").asInt()).isEqualTo(2200);
        assertThat(updated.at("/port_forwarding/description").asText()).isEqualTo("ssh");

        assertThat(api.delete(ALICE, path() + "/" + id).status()).isEqualTo(204);
        assertThat(api.get(ALICE, path() + "/" + id).errorType()).isEqualTo("PortForwardingNotFound");
        assertThat(api.get(BOB, path()).errorType()).isEqualTo("FloatingIPNotFound");
    }

    @Test
    void deletingTheFloatingIpOrTheInternalPortTakesItsForwardings() {
        api.post(ALICE, path(), body("tcp", 8080, 80));
        assertThat(api.delete(ALICE, "/v2.0/ports/" + vm).status()).isEqualTo(204);
        assertThat(api.get(ALICE, path()).at("/port_forwardings")).isEmpty();
        assertThat(api.repository.current().portForwardings()).isEmpty();
    }

    @Test
    void theAddressDefaultsToThePortsFirst() {
        NeutronFixture.Response created = api.post(ALICE, path(), "{\"port_forwarding\": {\"protocol\": \"tcp\", "
                + "\"external_port\": 80, \"internal_port\": 8080, \"internal_port_id\": \"" + vm + "\"}}");
        assertThat(created.at("/port_forwarding/internal_ip_address").asText()).isEqualTo("10.0.0.2");
        assertThat(api.delete(ALICE, "/v2.0/floatingips/" + fip).status()).isEqualTo(204);
        assertThat(api.repository.current().portForwardings()).isEmpty();
    }
}
