package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.models.tenant.PortStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The calls Nova's compute makes to boot a server and delete it (shared/openstack-clients.md). */
class NovaSequenceTest {
    @Test
    void bootBindPlugAndDelete() throws Exception {
        try (NeutronFixture api = new NeutronFixture()) {
            api.agent("compute-1", true);
            String network = api.network(ALICE, "private");
            String subnet = api.subnet(ALICE, network, "10.0.0.0/24");
            // 1. extensions and the network
            assertThat(api.get(ALICE, "/v2.0/extensions").status()).isEqualTo(200);
            assertThat(api.get(ALICE, "/v2.0/networks?id=" + network).at("/networks/0/id").asText())
                    .isEqualTo(network);
            // 2. the port, with the member's token
            NeutronFixture.Response created = api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \""
                    + network + "\", \"device_id\": \"vm-uuid-1\", \"admin_state_up\": true, \"tenant_id\": \"alpha\"}}");
            assertThat(created.status()).isEqualTo(201);
            String port = created.at("/port/id").asText();
            // 3. the binding, with the admin's token
            NeutronFixture.Response bound = api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:host_id\": "
                    + "\"compute-1\", \"binding:profile\": {}, \"device_owner\": \"compute:nova\"}}");
            assertThat(bound.status()).isEqualTo(200);
            // 4. what os-vif plugs from
            JsonNode shown = api.get(ADMIN, "/v2.0/ports/" + port).at("/port");
            assertThat(shown.get("binding:vif_type").asText()).isEqualTo("ovs");
            assertThat(shown.get("binding:host_id").asText()).isEqualTo("compute-1");
            assertThat(shown.at("/binding:vif_details/bridge_name").asText()).isEqualTo("br-int");
            assertThat(shown.at("/binding:vif_details/ovs_hybrid_plug").asBoolean()).isFalse();
            assertThat(shown.get("device_owner").asText()).isEqualTo("compute:nova");
            assertThat(shown.get("status").asText()).isEqualTo("DOWN");
            // The controller marks the port ACTIVE once its flows are acknowledged.
            api.repository.setPortStatuses(Map.of(port, PortStatus.ACTIVE));
            assertThat(api.get(ADMIN, "/v2.0/ports/" + port).at("/port/status").asText()).isEqualTo("ACTIVE");
            // 5. the lookups that build the instance's network info
            assertThat(api.get(ADMIN, "/v2.0/ports?device_id=vm-uuid-1").at("/ports/0/id").asText()).isEqualTo(port);
            assertThat(api.get(ADMIN, "/v2.0/subnets?id=" + subnet).at("/subnets/0/cidr").asText())
                    .isEqualTo("10.0.0.0/24");
            NeutronFixture.Response floatingIps = api.get(ADMIN, "/v2.0/floatingips?port_id=" + port);
            assertThat(floatingIps.status()).isEqualTo(200);
            assertThat(floatingIps.at("/floatingips")).isEmpty();
            // 6. the older live-migration form
            assertThat(api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:profile\": {\"migrating_to\": "
                    + "\"compute-2\"}}}").at("/port/binding:profile/migrating_to").asText()).isEqualTo("compute-2");
            // 7. unbind, delete, gone
            NeutronFixture.Response unbound = api.put(ADMIN, "/v2.0/ports/" + port, "{\"port\": {\"binding:host_id\": "
                    + "null, \"device_id\": \"\", \"device_owner\": \"\"}}");
            assertThat(unbound.at("/port/binding:vif_type").asText()).isEqualTo("unbound");
            assertThat(api.delete(ALICE, "/v2.0/ports/" + port).status()).isEqualTo(204);
            assertThat(api.get(ADMIN, "/v2.0/ports/" + port).status()).isEqualTo(404);
        }
    }
}
