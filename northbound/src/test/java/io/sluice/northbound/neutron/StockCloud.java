package io.sluice.northbound.neutron;

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

/**
 * Keystone and Neutron in this process on an in-memory store, one network node ("net1") registered, and the stock
 * OpenStack clients (Debian's python3-openstackclient over openstacksdk) run against them as the generated admin:
 * no OVS involved, only the API as those clients speak it.
 */
final class StockCloud implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final InMemoryStore store = new InMemoryStore();
    final TenantRepository repository = new TenantRepository(store, Clock.systemUTC());
    private final Path openrc;

    /** @param dir where the identity and the admin's openrc are written, and the clients' HOME */
    StockCloud(Path dir) throws Exception {
        this.dir = dir;
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

    /** {@code openstack ARGS -f json}, its output read. */
    JsonNode cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(StockCli.OPENSTACK.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-f", "json"));
        return JSON.readTree(run(command));
    }

    /** {@code openstack ARGS}, which must succeed. */
    void cliOk(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(StockCli.OPENSTACK.toString()));
        command.addAll(List.of(args));
        run(command);
    }

    /**
     * Runs the command with the admin's openrc sourced and an otherwise clean environment (no caller's Python can
     * shadow Debian's); its standard output. Fails the test unless it exits 0 within a minute.
     */
    String run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". " + openrc + " && exec \"$@\"", "client");
        builder.command().addAll(command);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString(), "LANG", "C.UTF-8"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed:\n" + output + errors);
        }
        return output;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        repository.close();
        store.close();
    }
}
