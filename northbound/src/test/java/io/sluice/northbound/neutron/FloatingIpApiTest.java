package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.models.tenant.PortStatus;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FloatingIpApiTest {
    private final NeutronFixture api;
    private final String external;
    private final String network;
    private final String subnet;
    private final String router;
    private final String vm;

    FloatingIpApiTest() throws Exception {
        api = new NeutronFixture();
        external = api.externalNetwork("public", "203.0.113.0/24");
        network = api.network(ALICE, "n");
        subnet = api.subnet(ALICE, network, "10.0.0.0/24");
        router = api.router(ALICE, external);
        api.addInterface(ALICE, router, subnet);
        vm = api.port(ALICE, network).get("id").asText();
    }

    @AfterEach
    void close() {
        api.close();
    }

    private String holderOf(String fip) {
        JsonNode holders = api.get(ADMIN, "/v2.0/ports?device_owner=network:floatingip&device_id=" + fip)
                .at("/ports");
        return holders.size() == 1 ? holders.get(0).at("/fixed_ips/0/ip_address").asText() : null;
    }

    @Test
    void aFloatingIpIsAllocatedHeldByAPortAndMappedThroughTheRouter() {
        JsonNode fip = api.floatingIp(ALICE, external, null);
        String id = fip.get("id").asText();
        // The router's gateway took .2.
        assertThat(fip.get("floating_ip_address").asText()).isEqualTo("203.0.113.3");
        assertThat(fip.get("floating_network_id").asText()).isEqualTo(external);
        assertThat(fip.get("status").asText()).isEqualTo("DOWN");
        assertThat(fip.get("port_id").isNull()).isTrue();
        assertThat(fip.get("router_id").isNull()).isTrue();
        assertThat(fip.get("project_id").asText()).isEqualTo("alpha");
        assertThat(holderOf(id)).isEqualTo("203.0.113.3");

        NeutronFixture.Response associated = api.put(ALICE, "/v2.0/floatingips/" + id, "{\"floatingip\": "
                + "{\"port_id\": \"" + vm + "\"}}");
        assertThat(associated.status()).as(associated.text()).isEqualTo(200);
        assertThat(associated.at("/floatingip/port_id").asText()).isEqualTo(vm);
        // The router's interface holds the subnet's gateway, .1; the VM got .2.
        assertThat(associated.at("/floatingip/fixed_ip_address").asText()).isEqualTo("10.0.0.2");
        assertThat(associated.at("/floatingip/router_id").asText()).isEqualTo(router);
        assertThat(associated.at("/floatingip/port_details/network_id").asText()).isEqualTo(network);
        assertThat(api.get(ALICE, "/v2.0/floatingips?port_id=" + vm).at("/floatingips/0/id").asText()).isEqualTo(id);
        assertThat(api.get(ALICE, "/v2.0/floatingips?router_id=" + router + "&fields=floating_ip_address")
                .at("/floatingips/0")).hasSize(1);

        // ACTIVE once the controller says the L3 agent applied it.
        api.repository.setFloatingIpStatuses(Map.of(id, PortStatus.ACTIVE));
        assertThat(api.get(ALICE, "/v2.0/floatingips/" + id).at("/floatingip/status").asText()).isEqualTo("ACTIVE");
        // A description-only update keeps the association.
        NeutronFixture.Response described = api.put(ALICE, "/v2.0/floatingips/" + id, "{\"floatingip\": "
                + "{\"description\": \"web\"}}");
        assertThat(described.at("/floatingip/port_id").asText()).isEqualTo(vm);
        assertThat(described.at("/floatingip/description").asText()).isEqualTo("web");
        assertThat(described.at("/floatingip/status").asText()).isEqualTo("ACTIVE");

        NeutronFixture.Response disassociated = api.put(ALICE, "/v2.0/floatingips/" + id, "{\"floatingip\": "
                + "{\"port_id\": null}}");
        assertThat(disassociated.at("/floatingip/port_id").isNull()).isTrue();
        assertThat(disassociated.at("/floatingip/fixed_ip_address").isNull()).isTrue();
        assertThat(disassociated.at("/floatingip/router_id").isNull()).isTrue();
        assertThat(disassociated.at("/floatingip/status").asText()).isEqualTo("DOWN");

        assertThat(api.delete(ALICE, "/v2.0/floatingips/" + id).status()).isEqualTo(204);
        assertThat(holderOf(id)).isNull();
        // The address is free again: the admin may ask for it.
        assertThat(api.create(ADMIN, "floatingips", "{\"floatingip\": {\"floating_network_id\": \"" + external
                + "\", \"floating_ip_address\": \"203.0.113.3\"}}").get("floating_ip_address").asText())
                .isEqualTo("203.0.113.3");
    }

    @Test
    void aPortWithSeveralAddressesNeedsTheFixedAddressNamed() {
        String twoIps = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + network + "\", \"fixed_ips\": "
                + "[{\"subnet_id\": \"" + subnet + "\"}, {\"subnet_id\": \"" + subnet + "\"}]}}").get("id").asText();
        NeutronFixture.Response ambiguous = api.post(ALICE, "/v2.0/floatingips", "{\"floatingip\": "
                + "{\"floating_network_id\": \"" + external + "\", \"port_id\": \"" + twoIps + "\"}}");
        assertThat(ambiguous.status()).isEqualTo(400);
        assertThat(ambiguous.at("/NeutronError/message").asText()).contains("multiple fixed IPv4 addresses");
        JsonNode fip = api.create(ALICE, "floatingips", "{\"floatingip\": {\"floating_network_id\": \"" + external
                + "\", \"port_id\": \"" + twoIps + "\", \"fixed_ip_address\": \"10.0.0.4\"}}");
        assertThat(fip.get("fixed_ip_address").asText()).isEqualTo("10.0.0.4");
        // Moved to the port's other address by naming it.
        assertThat(api.put(ALICE, "/v2.0/floatingips/" + fip.get("id").asText(), "{\"floatingip\": "
                + "{\"fixed_ip_address\": \"10.0.0.3\"}}").at("/floatingip/fixed_ip_address").asText())
                .isEqualTo("10.0.0.3");
    }

    @Test
    void deletingTheMappedPortDisassociatesTheFloatingIp() {
        String id = api.floatingIp(ALICE, external, vm).get("id").asText();
        assertThat(api.delete(ALICE, "/v2.0/ports/" + vm).status()).isEqualTo(204);
        JsonNode fip = api.get(ALICE, "/v2.0/floatingips/" + id).at("/floatingip");
        assertThat(fip.get("port_id").isNull()).isTrue();
        assertThat(fip.get("router_id").isNull()).isTrue();
    }

    @Test
    void externalNetworksAreSeenByEveryProjectButFloatingIpsOnlyByTheirOwn() {
        assertThat(api.get(BOB, "/v2.0/networks/" + external).at("/network/router:external").asBoolean()).isTrue();
        String id = api.floatingIp(ALICE, external, null).get("id").asText();
        assertThat(api.get(BOB, "/v2.0/floatingips/" + id).errorType()).isEqualTo("FloatingIPNotFound");
        assertThat(api.get(BOB, "/v2.0/floatingips").at("/floatingips")).isEmpty();
        assertThat(api.get(ADMIN, "/v2.0/floatingips?floating_network_id=" + external).at("/floatingips").size())
                .isEqualTo(1);
        // Seeing the network is not attaching to it.
        assertThat(api.post(BOB, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + external + "\"}}").errorType())
                .isEqualTo("NetworkNotFound");
    }

    @Test
    void floatingIpsCountAgainstTheirQuotaAndPaginate() {
        api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"floatingip\": 2}}");
        api.floatingIp(ALICE, external, null);
        api.floatingIp(ALICE, external, null);
        assertThat(api.post(ALICE, "/v2.0/floatingips", "{\"floatingip\": {\"floating_network_id\": \"" + external
                + "\"}}").errorType()).isEqualTo("OverQuota");
        NeutronFixture.Response page = api.get(ALICE, "/v2.0/floatingips?limit=1&sort_key=floating_ip_address"
                + "&sort_dir=desc");
        assertThat(page.at("/floatingips").size()).isEqualTo(1);
        assertThat(page.at("/floatingips/0/floating_ip_address").asText()).isEqualTo("203.0.113.4");
        assertThat(page.at("/floatingips_links/0/rel").asText()).isEqualTo("next");
    }
}
