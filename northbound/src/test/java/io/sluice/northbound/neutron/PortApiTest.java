package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortApiTest {
    private final NeutronFixture api;
    private final String network;
    private final String subnet;

    PortApiTest() throws Exception {
        api = new NeutronFixture();
        network = api.network(ALICE, "n");
        subnet = api.subnet(ALICE, network, "10.0.0.0/24");
    }

    @AfterEach
    void close() {
        api.close();
    }

    private JsonNode create(String token, String attributes) {
        return api.create(token, "ports", "{\"port\": {\"network_id\": \"" + network + "\"" + attributes + "}}");
    }

    @Test
    void aPortHasNeutronsShapeAnAddressAndAnOpenStackMac() {
        JsonNode port = create(ALICE, ", \"name\": \"p\", \"device_id\": \"vm-1\"");
        List<String> keys = new ArrayList<>();
        port.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).contains("id", "name", "network_id", "tenant_id", "project_id", "mac_address",
                "admin_state_up", "status", "device_id", "device_owner", "fixed_ips", "allowed_address_pairs",
                "port_security_enabled", "binding:vnic_type", "description", "tags", "created_at", "updated_at",
                "revision_number").doesNotContain("binding:host_id", "binding:vif_type");
        assertThat(port.get("mac_address").asText()).matches("fa:16:3e(:[0-9a-f]{2}){3}");
        assertThat(port.at("/fixed_ips/0/subnet_id").asText()).isEqualTo(subnet);
        assertThat(port.at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.2");
        assertThat(port.get("status").asText()).isEqualTo("DOWN");
        assertThat(port.get("port_security_enabled").asBoolean()).isTrue();
        assertThat(port.get("binding:vnic_type").asText()).isEqualTo("normal");
        assertThat(port.get("device_id").asText()).isEqualTo("vm-1");

        JsonNode asAdmin = api.get(ADMIN, "/v2.0/ports/" + port.get("id").asText()).at("/port");
        assertThat(asAdmin.get("binding:vif_type").asText()).isEqualTo("unbound");
        assertThat(asAdmin.get("binding:host_id").asText()).isEmpty();
        assertThat(asAdmin.get("binding:vif_details")).isEmpty();
        assertThat(asAdmin.get("binding:profile")).isEmpty();
        assertThat(create(ALICE, "").at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.3");
    }

    @Test
    void addressesChosenBySubnetOrAddress() {
        JsonNode bySubnet = create(ALICE, ", \"fixed_ips\": [{\"subnet_id\": \"" + subnet + "\"}]");
        assertThat(bySubnet.at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.2");
        JsonNode byAddress = create(ALICE, ", \"fixed_ips\": [{\"ip_address\": \"10.0.0.77\"}]");
        assertThat(byAddress.at("/fixed_ips/0/subnet_id").asText()).isEqualTo(subnet);
        JsonNode both = create(ALICE, ", \"fixed_ips\": [{\"subnet_id\": \"" + subnet
                + "\", \"ip_address\": \"10.0.0.78\"}]");
        assertThat(both.at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.78");
        NeutronFixture.Response taken = api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + network
                + "\", \"fixed_ips\": [{\"ip_address\": \"10.0.0.77\"}]}}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorType()).isEqualTo("IpAddressAlreadyAllocated");
    }

    @Test
    void aNetworkWithTwoSubnetsGivesOneAddressFromTheFirstWithRoom() {
        String second = api.subnet(ALICE, network, "10.9.0.0/30");
        JsonNode port = create(ALICE, "");
        assertThat(port.get("fixed_ips").size()).isEqualTo(1);
        assertThat(port.at("/fixed_ips/0/subnet_id").asText()).isEqualTo(subnet);
        JsonNode both = create(ALICE, ", \"fixed_ips\": [{\"subnet_id\": \"" + subnet + "\"}, {\"subnet_id\": \""
                + second + "\"}]");
        assertThat(both.at("/fixed_ips/1/ip_address").asText()).isEqualTo("10.9.0.2");
    }

    @Test
    void aGivenMacIsKeptAndUniquePerNetwork() {
        JsonNode port = create(ALICE, ", \"mac_address\": \"FA:16:3E:AA:BB:CC\"");
        assertThat(port.get("mac_address").asText()).isEqualTo("fa:16:3e:aa:bb:cc");
        NeutronFixture.Response again = api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + network
                + "\", \"mac_address\": \"fa:16:3e:aa:bb:cc\"}}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("MacAddressInUse");
        String other = api.network(ALICE, "other");
        api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + other + "\", \"mac_address\": \"fa:16:3e:aa:bb:cc\"}}");
    }

    @Test
    void portSecurityAndAllowedAddressPairs() {
        JsonNode port = create(ALICE, ", \"allowed_address_pairs\": [{\"ip_address\": \"10.0.0.200\"},"
                + " {\"ip_address\": \"10.0.1.0/24\", \"mac_address\": \"fa:16:3e:00:00:09\"}]");
        assertThat(port.at("/allowed_address_pairs/0/mac_address").asText()).isEqualTo(port.get("mac_address")
                .asText());
        assertThat(port.at("/allowed_address_pairs/1/ip_address").asText()).isEqualTo("10.0.1.0/24");
        String id = port.get("id").asText();
        NeutronFixture.Response refused = api.put(ALICE, "/v2.0/ports/" + id,
                "{\"port\": {\"port_security_enabled\": false}}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorType()).isEqualTo("AddressPairAndPortSecurityRequired");
        NeutronFixture.Response off = api.put(ALICE, "/v2.0/ports/" + id,
                "{\"port\": {\"port_security_enabled\": false, \"allowed_address_pairs\": []}}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.at("/port/port_security_enabled").asBoolean()).isFalse();
    }

    @Test
    void updatingFixedIpsMovesTheAddressAndFreesTheOldOne() {
        JsonNode port = create(ALICE, "");
        String id = port.get("id").asText();
        NeutronFixture.Response moved = api.put(ALICE, "/v2.0/ports/" + id,
                "{\"port\": {\"fixed_ips\": [{\"ip_address\": \"10.0.0.50\"}]}}");
        assertThat(moved.at("/port/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.50");
        assertThat(create(ALICE, "").at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.2");
        NeutronFixture.Response kept = api.put(ALICE, "/v2.0/ports/" + id,
                "{\"port\": {\"fixed_ips\": [{\"subnet_id\": \"" + subnet + "\"}], \"name\": \"k\"}}");
        assertThat(kept.at("/port/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.50");
        assertThat(api.storeDump()).contains("ip/" + subnet + "/10.0.0.50").doesNotContain("ip/" + subnet
                + "/10.0.0.3=");
    }

    @Test
    void vifTypeFollowsTheBindingHostsAgent() {
        String id = create(ALICE, "").get("id").asText();
        api.agent("hv1", true);
        api.agent("hv2", false);
        assertThat(bind(id, "hv1").get("binding:vif_type").asText()).isEqualTo("ovs");
        JsonNode details = api.get(ADMIN, "/v2.0/ports/" + id).at("/port/binding:vif_details");
        assertThat(details.get("port_filter").asBoolean()).isTrue();
        assertThat(details.get("ovs_hybrid_plug").asBoolean()).isFalse();
        assertThat(details.get("bridge_name").asText()).isEqualTo("br-int");
        assertThat(details.get("datapath_type").asText()).isEqualTo("system");
        assertThat(bind(id, "nowhere").get("binding:vif_type").asText()).isEqualTo("binding_failed");
        assertThat(bind(id, "hv2").get("binding:vif_type").asText()).isEqualTo("binding_failed");
        api.agent("hv2", true);
        assertThat(api.get(ADMIN, "/v2.0/ports/" + id).at("/port/binding:vif_type").asText()).isEqualTo("ovs");
        NeutronFixture.Response unbound = api.put(ADMIN, "/v2.0/ports/" + id,
                "{\"port\": {\"binding:host_id\": null, \"device_id\": \"\", \"device_owner\": \"\"}}");
        assertThat(unbound.at("/port/binding:vif_type").asText()).isEqualTo("unbound");
        assertThat(unbound.at("/port/binding:vif_details")).isEmpty();
    }

    @Test
    void aDeletedPortAnswers404AndFreesItsAddress() {
        JsonNode port = create(ALICE, "");
        String id = port.get("id").asText();
        NeutronFixture.Response deleted = api.delete(ALICE, "/v2.0/ports/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        NeutronFixture.Response gone = api.get(ALICE, "/v2.0/ports/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorType()).isEqualTo("PortNotFound");
        assertThat(api.delete(ALICE, "/v2.0/ports/" + id).errorType()).isEqualTo("PortNotFound");
        assertThat(create(ALICE, "").at("/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.2");
    }

    @Test
    void aPortOnANetworkWithoutSubnetsHasNoAddress() {
        String bare = api.network(ALICE, "bare");
        JsonNode port = api.create(ALICE, "ports", "{\"port\": {\"network_id\": \"" + bare + "\"}}");
        assertThat(port.get("fixed_ips")).isEmpty();
    }

    @Test
    void concurrentCreatesNeverShareAnAddressOrMac() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<NeutronFixture.Response>> creates = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                creates.add(pool.submit(() -> api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \""
                        + network + "\"}}")));
            }
            java.util.Set<String> addresses = new java.util.HashSet<>();
            java.util.Set<String> macs = new java.util.HashSet<>();
            for (java.util.concurrent.Future<NeutronFixture.Response> create : creates) {
                NeutronFixture.Response response = create.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.status()).as(response.text()).isEqualTo(201);
                addresses.add(response.at("/port/fixed_ips/0/ip_address").asText());
                macs.add(response.at("/port/mac_address").asText());
            }
            assertThat(addresses).hasSize(48);
            assertThat(macs).hasSize(48);
            assertThat(api.store.list("ip")).hasSize(48);
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode bind(String portId, String host) {
        NeutronFixture.Response response = api.put(ADMIN, "/v2.0/ports/" + portId, "{\"port\": {\"binding:host_id\": \""
                + host + "\", \"binding:profile\": {}, \"device_owner\": \"compute:nova\"}}");
        assertThat(response.status()).isEqualTo(200);
        return response.at("/port");
    }
}
