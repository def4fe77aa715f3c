package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A Sluice controller and its node agents as separate processes on a {@link TestBed}: the controller in the
 * root namespace on the bed's management address, one agent inside each host's namespace. Ports are
 * offset by the bed's management slot so two beds on one machine never collide.
 */
final class SluiceCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestBed bed;
    private final Path workDir;
    private final int openflowPort;
    private final int agentPort;
    private final int apiPort;
    private final int keystonePort;
    private final Path operatorFlows;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Process> agents = new HashMap<>();
    private final Map<String, List<String>> hostOptions = new HashMap<>();
    private List<String> agentOptions = List.of();
    private List<String> controllerLauncher = List.of();
    private Process controller;

    /**
     * A cluster working in a fresh target/e2e/PREFIX (the bed's prefix) whose state directory holds the e2e
     * users' identity file, with no operator flows.
     */
    static SluiceCluster onFreshState(TestBed bed) throws IOException {
        Path work = Path.of("target", "e2e", bed.prefix()).toAbsolutePath();
        E2eIdentity.freshStateDir(work);
        SluiceCluster sluice = new SluiceCluster(bed, work);
        sluice.writeOperatorFlows("{}");
        return sluice;
    }

    SluiceCluster(TestBed bed, Path workDir) {
        this.bed = bed;
        this.workDir = workDir;
        int base = 20000 + 100 * Integer.parseInt(bed.slot());
        this.openflowPort = base + 53;
        this.agentPort = base + 70;
        this.apiPort = base + 96;
        this.keystonePort = base + 50;
        this.operatorFlows = workDir.resolve("operator-flows.json");
    }

    Path workDir() {
        return workDir;
    }

    int openflowPort() {
        return openflowPort;
    }

    /** Starts the controller, then every host's agent, and waits until every switch has converged since. */
    void start(Duration timeout, String... controllerArgs) {
        Instant start = Instant.now();
        startController(controllerArgs);
        bed.hosts().forEach(this::startAgent);
        awaitConverged(bed.hosts(), start, timeout);
    }

    void startController(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--openflow-listen", "0.0.0.0:" + openflowPort, "--agent-listen", "0.0.0.0:" + agentPort,
                "--api-listen", "127.0.0.1:" + apiPort, "--keystone-listen", "127.0.0.1:" + keystonePort,
                "--state-dir", workDir.resolve("state").toString(), "--operator-flows", operatorFlows.toString()));
        args.addAll(List.of(extraArgs));
        List<String> command = new ArrayList<>(controllerLauncher);
        command.addAll(Processes.sluice("controller", args));
        controller = Processes.start(command, workDir.resolve("controller.log"));
        await("controller API up", Duration.ofSeconds(30), () -> get("/sluice/v1/switches").isPresent());
    }

    /**
     * A command the controller is started through from now on, one that execs it in the same process (e.g.
     * nsenter into the mount namespace of its state directory's disk), so stopping and killing reach it.
     */
    void controllerLauncher(List<String> prefix) {
        controllerLauncher = List.copyOf(prefix);
    }

    /** A clean stop (SIGTERM), as an operator's restart does. */
    void stopController() {
        Processes.stop(controller);
    }

    /** kill -9: no shutdown hook runs. */
    void killController() throws InterruptedException {
        controller.destroyForcibly().waitFor();
    }

    /** The network API's root, where the viewer is served too: http://127.0.0.1:PORT. */
    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The identity service's v3 root (OS_AUTH_URL); its catalog leads to the network API. */
    String authUrl() {
        return "http://127.0.0.1:" + keystonePort + "/v3";
    }

    /** The stock CLI as one user in one project, against this controller's identity service. */
    OpenStackCli cli(String user, String password, String project) {
        return new OpenStackCli(authUrl(), user, password, project);
    }

    /** A clean stop of one host's agent (SIGTERM). */
    void stopAgent(String host) {
        Processes.stop(agents.remove(host));
    }

    /** kill -9 of one host's agent, as a crash of its node does: it neither says goodbye nor cleans up. */
    void killAgent(String host) throws InterruptedException {
        agents.remove(host).destroyForcibly().waitFor();
    }

    /** Options every agent started from now on gets, e.g. a deployment's VXLAN port. */
    void agentOptions(String... options) {
        agentOptions = List.of(options);
    }

    /** Options one host's agent gets on top of the common ones, e.g. --l3 on a network node. */
    void hostOptions(String host, String... options) {
        hostOptions.put(host, List.of(options));
    }

    /** Starts a host's agent with the common options, plus this host's own. */
    void startAgent(String host) {
        List<String> args = new ArrayList<>(List.of("--ovsdb", bed.fact(host, "DB_SOCK"), "--controller",
                bed.controllerIp(), "--openflow-port", String.valueOf(openflowPort), "--agent-port",
                String.valueOf(agentPort), "--datapath-type", "netdev", "--tunnel-ip", bed.fact(host, "TUNNEL_IP"),
                "--host", host, "--router-namespace-prefix", bed.routerNamespacePrefix(host)));
        args.addAll(agentOptions);
        args.addAll(hostOptions.getOrDefault(host, List.of()));
        agents.put(host, bed.spawnDaemon(bed.namespace(host), Processes.sluice("agent", args),
                workDir.resolve("agent-" + host + ".log")));
    }

    /** Replaces the operator flows file in one rename, so the controller never reads half of it. */
    void writeOperatorFlows(String json) throws IOException {
        Path tmp = operatorFlows.resolveSibling(operatorFlows.getFileName() + ".tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, operatorFlows, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The controller's view of a host's switch, once its agent has registered it. */
    Optional<JsonNode> switchOf(String host) {
        return statusOf("switches", host);
    }

    /** The controller's view of a host's agent (alive, connected, last heartbeat), once it has registered. */
    Optional<JsonNode> agentOf(String host) {
        return statusOf("agents", host);
    }

    private Optional<JsonNode> statusOf(String collection, String host) {
        return get("/sluice/v1/" + collection).flatMap(body -> {
            for (JsonNode item : body.path(collection)) {
                if (host.equals(item.path("host").asText())) {
                    return Optional.of(item);
                }
            }
            return Optional.empty();
        });
    }

    /** Waits until every host's switch has finished a reconciliation after {@code since} without errors. */
    void awaitConverged(List<String> hosts, Instant since, Duration timeout) {
        await("switches " + hosts + " converged after " + since, timeout, () -> isConverged(hosts, since));
    }

    /** Whether every host's switch has finished a reconciliation after {@code since} without errors. */
    boolean isConverged(List<String> hosts, Instant since) {
        return hosts.stream().allMatch(host -> switchOf(host).map(sw -> {
            JsonNode last = sw.path("last_reconcile");
            return last.path("converged").asBoolean(false)
                    && Instant.parse(last.path("at").asText(Instant.EPOCH.toString())).isAfter(since);
        }).orElse(false));
    }

    Optional<JsonNode> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)));
    }

    /**
     * A Neutron GET with a token (e.g. from {@code openstack token issue}), for what the stock CLI does not
     * show: the SDK drops attributes it does not know, such as {@code sluice:mpls_label}.
     */
    Optional<JsonNode> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("X-Auth-Token", token));
    }

    /** A Neutron call the stock CLI cannot make (e.g. binding-extended's), with a token: its status code. */
    int send(String method, String path, String token, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<JsonNode> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Stops Sluice's processes, then removes the bed, whichever of them a failed start left null. */
    static void stopAndTearDown(SluiceCluster sluice, TestBed bed) {
        try {
            if (sluice != null) {
                sluice.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Override
    public void close() {
        agents.values().forEach(Processes::stop);
        Processes.stop(controller);
    }
}
