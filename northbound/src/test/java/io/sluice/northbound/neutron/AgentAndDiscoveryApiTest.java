package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentAndDiscoveryApiTest {
    private final NeutronFixture api;

    AgentAndDiscoveryApiTest() throws Exception {
        api = new NeutronFixture();
        api.agent("hv1", true);
        api.agent("hv2", false);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void agentsAreListedAsNeutronsOpenVswitchAgents() {
        NeutronFixture.Response list = api.get(ADMIN, "/v2.0/agents?sort_key=host&sort_dir=asc");
        assertThat(list.at("/agents").size()).isEqualTo(2);
        JsonNode hv1 = list.at("/agents/0");
        assertThat(hv1.get("host").asText()).isEqualTo("hv1");
        assertThat(hv1.get("agent_type").asText()).isEqualTo("Open vSwitch agent");
        assertThat(hv1.get("binary").asText()).isEqualTo("sluice-agent");
        assertThat(hv1.get("alive").asBoolean()).isTrue();
        assertThat(hv1.get("admin_state_up").asBoolean()).isTrue();
        assertThat(hv1.get("heartbeat_timestamp").asText()).isEqualTo("2026-01-01 10:05:07");
        assertThat(hv1.get("created_at").asText()).isEqualTo("2026-01-01 10:00:00");
        assertThat(hv1.get("started_at").asText()).isEqualTo("2026-01-01 10:00:00");
        assertThat(hv1.get("topic").asText()).isEqualTo("N/A");
        assertThat(hv1.get("availability_zone").isNull()).isTrue();
        assertThat(hv1.at("/configurations/tunneling_ip").asText()).isEqualTo("192.0.2.10");
        assertThat(hv1.at("/configurations/bridge_mappings/physnet1").asText()).isEqualTo("br-ex");
        assertThat(hv1.at("/configurations/tunnel_types").toString()).isEqualTo("[\"vxlan\",\"gre\"]");
        assertThat(list.at("/agents/1/alive").asBoolean()).isFalse();

        String id = hv1.get("id").asText();
        assertThat(api.get(ADMIN, "/v2.0/agents/" + id).at("/agent/host").asText()).isEqualTo("hv1");
        assertThat(api.get(ADMIN, "/v2.0/agents?host=hv2").at("/agents/0/host").asText()).isEqualTo("hv2");
        assertThat(api.get(ADMIN, "/v2.0/agents?agent_type=Open%20vSwitch%20agent").at("/agents").size())
                .isEqualTo(2);
        assertThat(api.get(ADMIN, "/v2.0/agents?alive=false").at("/agents/0/host").asText()).isEqualTo("hv2");
        // The id is derived from host and type: the same after the agent registers again.
        api.agent("hv1", true);
        assertThat(api.get(ADMIN, "/v2.0/agents?host=hv1").at("/agents/0/id").asText()).isEqualTo(id);
        assertThat(api.get(ADMIN, "/v2.0/agents/" + id.replace('a', 'b').replace('1', '2')).status())
                .isEqualTo(404);
        assertThat(api.get(ALICE, "/v2.0/agents").at("/agents")).isEmpty();
    }

    @Test
    void versionsResourcesAndExtensions() {
        NeutronFixture.Response versions = api.get(null, "/");
        assertThat(versions.at("/versions/0/id").asText()).isEqualTo("v2.0");
        assertThat(versions.at("/versions/0/status").asText()).isEqualTo("CURRENT");
        assertThat(versions.at("/versions/0/links/0/href").asText()).isEqualTo(api.root + "/v2.0/");
        NeutronFixture.Response resources = api.get(ALICE, "/v2.0/");
        List<String> collections = new ArrayList<>();
        resources.at("/resources").forEach(r -> collections.add(r.get("collection").asText()));
        assertThat(collections).contains("networks", "subnets", "ports", "quotas", "agents", "routers", "floatingips");
        List<String> aliases = new ArrayList<>();
        api.get(ALICE, "/v2.0/extensions").at("/extensions").forEach(e -> aliases.add(e.get("alias").asText()));
        assertThat(aliases).contains("binding", "provider", "external-net", "quotas", "quota_details", "agent",
                "port-security", "allowed-address-pairs", "network-mtu", "standard-attr-revisions", "router",
                "ext-gw-mode", "extraroute", "l3_agent_scheduler", "floating-ip-port-forwarding", "fip-port-details",
                "binding-extended").doesNotContain("security-group", "extra_dhcp_opt", "dvr", "l3-ha");
        assertThat(api.get(ALICE, "/v2.0/extensions/binding.json").at("/extension/name").asText())
                .isEqualTo("Port Binding");
        assertThat(api.get(ALICE, "/v2.0/extensions/router").at("/extension/name").asText())
                .isEqualTo("Neutron L3 Router");
        assertThat(api.get(ALICE, "/v2.0/extensions/dvr").status()).isEqualTo(404);
        NeutronFixture.Response unknown = api.get(ALICE, "/v2.0/security-groups?port_id=x");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("HTTPNotFound");
    }
}
