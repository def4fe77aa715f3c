package io.sluice.northbound.neutron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.agent.AgentInfo;
import io.sluice.northbound.keystone.IdentityFile;
import io.sluice.northbound.keystone.IdentityStore;
import io.sluice.northbound.keystone.KeystoneService;
import io.sluice.northbound.keystone.PasswordHasher;
import io.sluice.northbound.keystone.StockCli;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock {@code openstack} CLI (Debian's python3-openstackclient over openstacksdk) drives routers, floating
 * IPs and port forwardings against the in-process Keystone and Neutron APIs on an in-memory store, with one
 * network node registered: no OVS involved, only the API as the CLI speaks it.
 */
@Tag("e2e")
class L3OpenStackCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final InMemoryStore store = new InMemoryStore();
    private final TenantRepository repository = new TenantRepository(store, Clock.systemUTC());
    private Path openrc;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        repository.close();
        store.close();
    }

    @Test
    void routerFloatingIpAndPortForwardingCommandsWork() throws Exception {
        StockCli.require();
        start();
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

    private void start() throws Exception {
        AgentView agents = () -> List.of(new AgentView.Agent(new AgentInfo("net1", AgentInfo.OVS_AGENT_TYPE,
                AgentInfo.OVS_AGENT_BINARY, "192.0.2.1", Map.of(), "0000000000000001", Map.of(), Map.of(), true),
                Instant.now(), Instant.now(), true));
        int keystonePort = StockCli.freePort();
        Router neutronRouter = Router.router(vertx);
        URI keystoneUrl = URI.create("http://127.0.0.1:" + keystonePort + "/");
        PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());
        openrc = dir.resolve("admin-openrc");
        IdentityFile.Loaded identity = new IdentityFile(hasher, new SecureRandom())
                .loadOrCreate(dir.resolve("identity.json"), openrc, keystoneUrl);
        HttpServer neutron = vertx.createHttpServer().requestHandler(neutronRouter).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        URI neutronUrl = URI.create("http://127.0.0.1:" + neutron.actualPort() + "/");
        KeystoneService keystone = new KeystoneService(new IdentityStore(identity.config(), hasher),
                Clock.systemUTC(), Duration.ofHours(1), neutronUrl, keystoneUrl);
        new NeutronApi(repository, keystone.validator(), agents, NeutronConfig.defaults()).mount(neutronRouter);
        vertx.createHttpServer().requestHandler(keystone.router(vertx)).listen(keystonePort, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonNode cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("-f", "json"));
        return JSON.readTree(run(command));
    }

    private void cliOk(String... args) throws Exception {
        run(List.of(args));
    }

    /** Runs the CLI as the generated admin, with a clean environment (no caller's Python can shadow Debian's). */
    private String run(List<String> args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                ". " + openrc + " && exec " + StockCli.OPENSTACK + " \"$@\"", "openstack");
        builder.command().addAll(args);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString(), "LANG", "C.UTF-8"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("openstack " + String.join(" ", args) + " failed:\n" + output + errors);
        }
        return output;
    }
}
