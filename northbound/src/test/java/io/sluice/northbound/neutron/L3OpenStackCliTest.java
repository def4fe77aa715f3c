package io.sluice.northbound.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.northbound.keystone.StockCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock {@code openstack} CLI drives routers, floating IPs and port forwardings against the in-process
 * Keystone and Neutron APIs ({@link StockCloud}), with one network node registered.
 */
@Tag("e2e")
class L3OpenStackCliTest {
    @TempDir
    Path dir;
    private StockCloud cloud;

    @AfterEach
    void close() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void routerFloatingIpAndPortForwardingCommandsWork() throws Exception {
        StockCli.require();
        cloud = new StockCloud(dir);
        TenantRepository repository = cloud.repository;
        cli("network", "create", "public", "--external");
        cli("subnet", "create", "public-subnet", "--network", "public", "--subnet-range", "203.0.113.0/24");
        cli("network", "create", "n1");
        cli("subnet", "create", "s1", "--network", "n1", "--subnet-range", "10.0.0.0/24");

        JsonNode router = cli("router", "create", "r1");
        String routerId = router.get("id").asText();
        assertThat(router.get("status").asText()).isEqualTo("ACTIVE");
        cliOk("router", "add", "subnet", "r1", "s1");
        cliOk("router", "set", "--external-gateway", "public", "r1");
        JsonNode shown = cli("router", "show", "r1");
        assertThat(shown.at("/external_gateway_info/external_fixed_ips/0/ip_address").asText())
                .isEqualTo("203.0.113.2");
        assertThat(shown.at("/external_gateway_info/enable_snat").asBoolean()).isTrue();
        assertThat(shown.get("interfaces_info").toString()).contains("10.0.0.1");
        assertThat(repository.current().routerHosts()).containsEntry(routerId, "net1");
        JsonNode agents = cli("network", "agent", "list", "--router", "r1");
        assertThat(agents.get(0).get("Agent Type").asText()).isEqualTo("L3 agent");
        assertThat(agents.get(0).get("Host").asText()).isEqualTo("net1");

        String vm = cli("port", "create", "vm1", "--network", "n1").get("id").asText();
        String fip = cli("floating", "ip", "create", "public").get("id").asText();
        cliOk("floating", "ip", "set", "--port", "vm1", fip);
        JsonNode mapped = cli("floating", "ip", "show", fip);
        assertThat(mapped.get("port_id").asText()).isEqualTo(vm);
        assertThat(mapped.get("fixed_ip_address").asText()).isEqualTo("10.0.0.2");
        assertThat(mapped.get("router_id").asText()).isEqualTo(routerId);

        String forwarded = cli("floating", "ip", "create", "public").get("id").asText();
        JsonNode forwarding = cli("floating", "ip", "port", "forwarding", "create", "--internal-ip-address",
                "10.0.0.2", "--port", vm, "--internal-protocol-port", "22", "--external-protocol-port", "2222",
                "--protocol", "tcp", forwarded);
        assertThat(forwarding.toString()).contains("2222").contains("10.0.0.2");
        assertThat(repository.current().portForwardings()).hasSize(1);

        cliOk("floating", "ip", "unset", "--port", fip);
        assertThat(repository.current().floatingIps().get(fip).portId()).isNull();
        cliOk("floating", "ip", "delete", fip, forwarded);
        cliOk("router", "remove", "subnet", "r1", "s1");
        cliOk("router", "delete", "r1");
        assertThat(repository.current().routers()).isEmpty();
        assertThat(repository.current().floatingIps()).isEmpty();
    }

    private JsonNode cli(String... args) throws Exception {
        return cloud.cli(args);
    }

    private void cliOk(String... args) throws Exception {
        cloud.cliOk(args);
    }
}
