package io.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.RandomCloud;
import io.sluice.controller.openflow.FlowStatsFrame;
import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.controller.openflow.OpenFlowServer;
import io.sluice.controller.openflow.SwitchListener;
import io.sluice.controller.openflow.SwitchSession;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.ReportedFlows;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * What {@link ReportedFlows}' shortcut rests on, against a real Open vSwitch: a switch holding Sluice's flows
 * dumps each of them in the very bytes Sluice encodes it in (match fields in any order), so a dump of a switch at
 * its desired state is read as the desired flows themselves, with nothing decoded. Every compiler's flows (a
 * random cloud's busiest switch) are installed by the reconciler on a br-int of a test bed host (userspace
 * datapath), then dumped and read.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportedFlowsOvsE2ETest {
    private static final String PREFIX = "rst";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private final Path root = projectRoot();
    private final Map<String, String> env = new HashMap<>();
    private final CompletableFuture<SwitchSession> connected = new CompletableFuture<>();
    private SwitchState desired;
    private Reconciler reconciler;
    private OpenFlowServer server;
    private boolean bedStarted;

    @BeforeAll
    void bringUp() throws Exception {
        requireOvs();
        desired = busiestSwitch();
        assertThat(desired.flows()).as("a switch busy enough to hold every compiler's flows").hasSizeGreaterThan(100);
        reconciler = new Reconciler(dpid -> desired, dpid -> true, 10_000);
        bedStarted = true;
        testbed("up", "--force", "--hypervisors", "1");
        readEnv();
        server = new OpenFlowServer(OpenFlowConfig.defaults().withListen(
                new InetSocketAddress(env.get("CONTROLLER_IP"), 0)), announcing(reconciler));
        int port = server.start().getPort();
        onHost("ovs-vsctl", "add-br", "br-int", "--", "set", "Bridge", "br-int", "datapath_type=netdev",
                "fail_mode=secure", "protocols=OpenFlow13", "--", "set-controller", "br-int",
                "tcp:" + env.get("CONTROLLER_IP") + ":" + port);
        SwitchSession session = connected.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (reconciler.atDesired(session.dpid()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(reconciler.atDesired(session.dpid())).as("the switch converged: %s",
                reconciler.lastResult(session.dpid())).contains(true);
    }

    @AfterAll
    void tearDown() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (bedStarted) {
                testbed("down");
            }
        }
    }

    @Test
    void aSwitchAtItsDesiredStateIsReadAsTheDesiredFlowsThemselves() throws Exception {
        SwitchSession session = connected.get();
        var request = session.factory().buildFlowStatsRequest().setXid(session.nextXid()).setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setMatch(session.factory().matchWildcardAll()).build();
        List<FlowSpec> read = new ArrayList<>();
        for (FlowStatsFrame part : session.flowStats(request).get(30, TimeUnit.SECONDS)) {
            read.addAll(ReportedFlows.of(part.content(), desired.flows()));
        }

        List<FlowSpec> decoded = read.stream().filter(flow -> desired.flows().get(flow.key()) != flow).toList();
        System.out.printf("[rst] OVS dumped %d flows (%d desired, of %s; %d groups, %d meters); %d read by decoding%n",
                read.size(), desired.flows().size(), desired.flows().values().stream()
                        .flatMap(flow -> FlowCookie.parse(flow.cookie()).stream()).map(FlowCookie::owner)
                        .collect(Collectors.toCollection(TreeSet::new)), desired.groups().size(),
                desired.meters().size(), decoded.size());
        assertThat(decoded).as("flows OVS dumped in other bytes than Sluice's (read by decoding)").isEmpty();
        assertThat(read).hasSameSizeAs(desired.flows().values());
        assertThat(reconciler.inspect().get(30, TimeUnit.SECONDS).values()).allMatch(FlowDiff::isEmpty);
    }

    /** The desired state with the most flows among a random cloud's switches, after enough changes to use every compiler. */
    private static SwitchState busiestSwitch() {
        RandomCloud cloud = new RandomCloud(new Random(3));
        for (int step = 0; step < 200; step++) {
            cloud.change();
        }
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        SwitchState busiest = SwitchState.EMPTY;
        for (int h = 1; h <= 4; h++) {
            SwitchState state = compiler.compile(cloud.snapshot(), DatapathId.of(h));
            if (state.flows().size() > busiest.flows().size()) {
                busiest = state;
            }
        }
        return busiest;
    }

    private SwitchListener announcing(Reconciler inner) {
        return new SwitchListener() {
            @Override
            public void switchConnected(SwitchSession session) {
                inner.switchConnected(session);
                connected.complete(session);
            }

            @Override
            public void switchDisconnected(SwitchSession session) {
                inner.switchDisconnected(session);
            }
        };
    }

    private static void requireOvs() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String tool : List.of("ovs-vswitchd", "ovsdb-server", "ovs-vsctl", "ip")) {
            if (List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                    .noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                missing.add(tool);
            }
        }
        String reason = "the OVS dump e2e test needs " + String.join(", ", missing) + " (run as root with "
                + "openvswitch-switch and iproute2 installed)";
        if (!missing.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        Assumptions.assumeTrue(missing.isEmpty(), reason);
    }

    private void onHost(String... command) {
        List<String> all = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), "exec", "--prefix",
                PREFIX, "--host", "hv1", "--"));
        all.addAll(List.of(command));
        run(all);
    }

    private void testbed(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), command, "--prefix",
                PREFIX));
        all.addAll(List.of(args));
        run(all);
    }

    private void readEnv() {
        for (String line : run(List.of(root.resolve("scripts/testbed").toString(), "env", "--prefix", PREFIX))
                .split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
    }

    private String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return e.toString().getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(output.get(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ":\n"
                        + text);
            }
            return text;
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + " interrupted", e);
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("scripts/testbed"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scripts/testbed above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
