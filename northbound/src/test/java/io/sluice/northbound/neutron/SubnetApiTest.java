package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubnetApiTest {
    private final NeutronFixture api;
    private final String network;

    SubnetApiTest() throws Exception {
        api = new NeutronFixture();
        network = api.network(ALICE, "n");
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aSubnetGetsNeutronsDefaultGatewayAndPools() {
        JsonNode subnet = api.create(ALICE, "subnets", "{\"subnet\": {\"network_id\": \"" + network
                + "\", \"ip_version\": 4, \"cidr\": \"10.1.0.0/24\", \"name\": \"s\"}}");
        assertThat(subnet.get("gateway_ip").asText()).isEqualTo("10.1.0.1");
        assertThat(subnet.get("allocation_pools").toString())
                .isEqualTo("[{\"start\":\"10.1.0.2\",\"end\":\"10.1.0.254\"}]");
        assertThat(subnet.get("ip_version").asInt()).isEqualTo(4);
        assertThat(subnet.get("enable_dhcp").asBoolean()).isTrue();
        assertThat(subnet.get("tenant_id").asText()).isEqualTo("alpha");
        assertThat(subnet.get("project_id").asText()).isEqualTo("alpha");
        for (String key : new String[] {"subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode", "segment_id"}) {
            assertThat(subnet.get(key).isNull()).as(key).isTrue();
        }
        assertThat(subnet.get("dns_nameservers")).isEmpty();
        assertThat(subnet.get("host_routes")).isEmpty();
        assertThat(subnet.get("service_types")).isEmpty();
        assertThat(api.get(ALICE, "/v2.0/networks/" + network).at("/network/subnets/0").asText())
                .isEqualTo(subnet.get("id").asText());
    }

    @Test
    void givenGatewayPoolsDnsAndRoutesAreKept() {
        JsonNode subnet = api.create(ALICE, "subnets", "{\"subnet\": {\"network_id\": \"" + network
                + "\", \"ip_version\": 4, \"cidr\": \"10.2.0.0/24\", \"gateway_ip\": \"10.2.0.254\","
                + " \"allocation_pools\": [{\"start\": \"10.2.0.10\", \"end\": \"10.2.0.20\"}],"
                + " \"dns_nameservers\": [\"192.0.2.53\"], \"enable_dhcp\": false,"
                + " \"host_routes\": [{\"destination\": \"198.51.100.0/24\", \"nexthop\": \"10.2.0.253\"}]}}");
        assertThat(subnet.get("gateway_ip").asText()).isEqualTo("10.2.0.254");
        assertThat(subnet.at("/allocation_pools/0/start").asText()).isEqualTo("10.2.0.10");
        assertThat(subnet.at("/dns_nameservers/0").asText()).isEqualTo("192.0.2.53");
        assertThat(subnet.at("/host_routes/0/nexthop").asText()).isEqualTo("10.2.0.253");
        assertThat(subnet.get("enable_dhcp").asBoolean()).isFalse();
    }

    @Test
    void aNullGatewayMeansNoneAndEveryHostIsInThePool() {
        JsonNode subnet = api.create(ALICE, "subnets", "{\"subnet\": {\"network_id\": \"" + network
                + "\", \"ip_version\": 4, \"cidr\": \"10.3.0.0/29\", \"gateway_ip\": null}}");
        assertThat(subnet.get("gateway_ip").isNull()).isTrue();
        assertThat(subnet.get("allocation_pools").toString())
                .isEqualTo("[{\"start\":\"10.3.0.1\",\"end\":\"10.3.0.6\"}]");
    }

    @Test
    void overlappingCidrsAreRefusedOnOneNetworkAndAllowedAcrossNetworksAndProjects() {
        api.subnet(ALICE, network, "10.0.0.0/16");
        NeutronFixture.Response overlap = api.post(ALICE, "/v2.0/subnets", "{\"subnet\": {\"network_id\": \""
                + network + "\", \"ip_version\": 4, \"cidr\": \"10.0.5.0/24\"}}");
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(overlap.errorType()).isEqualTo("InvalidInput");
        api.subnet(ALICE, api.network(ALICE, "other"), "10.0.0.0/16");
        api.subnet(BOB, api.network(BOB, "bobs"), "10.0.0.0/16");
    }

    @Test
    void updateChangesDnsRoutesAndName() {
        String id = api.subnet(ALICE, network, "10.4.0.0/24");
        NeutronFixture.Response updated = api.put(ALICE, "/v2.0/subnets/" + id, "{\"subnet\": {\"name\": \"x\","
                + " \"dns_nameservers\": [\"192.0.2.1\", \"192.0.2.2\"], \"enable_dhcp\": false}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.at("/subnet/dns_nameservers").size()).isEqualTo(2);
        assertThat(updated.at("/subnet/name").asText()).isEqualTo("x");
        assertThat(updated.at("/subnet/enable_dhcp").asBoolean()).isFalse();
        NeutronFixture.Response readOnly = api.put(ALICE, "/v2.0/subnets/" + id, "{\"subnet\": {\"cidr\": \"10.5.0.0/24\"}}");
        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(readOnly.at("/NeutronError/message").asText()).isEqualTo("Cannot update read-only attribute cidr");
    }

    @Test
    void aSubnetInUseIsNotDeleted() {
        String id = api.subnet(ALICE, network, "10.6.0.0/24");
        String port = api.port(ALICE, network).get("id").asText();
        NeutronFixture.Response refused = api.delete(ALICE, "/v2.0/subnets/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorType()).isEqualTo("SubnetInUse");
        assertThat(api.delete(ALICE, "/v2.0/ports/" + port).status()).isEqualTo(204);
        NeutronFixture.Response deleted = api.delete(ALICE, "/v2.0/subnets/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        assertThat(api.get(ALICE, "/v2.0/subnets/" + id).errorType()).isEqualTo("SubnetNotFound");
    }
}
