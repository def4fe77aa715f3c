package io.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.TestBedCli;
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
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
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
@ExtendWith(ReportedFlowsOvsE2ETest.Requirements.class)
class ReportedFlowsOvsE2ETest {
    private static final String PREFIX = "rst";
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private final TestBedCli bed = new TestBedCli(PREFIX);
    private final CompletableFuture<SwitchSession> connected = new CompletableFuture<>();
    private SwitchState desired;
    private Reconciler reconciler;
    private OpenFlowServer server;
    private boolean bedStarted;

    @BeforeAll
    void bringUp() throws Exception {
        desired = busiestSwitch();
        assertThat(desired.flows()).as("a switch busy enough to hold every compiler's flows").hasSizeGreaterThan(100);
        reconciler = new Reconciler(dpid -> desired, dpid -> true, 10_000);
        bedStarted = true;
        bed.testbed("up", "--force", "--hypervisors", "1");
        bed.readEnv();
        server = new OpenFlowServer(OpenFlowConfig.defaults().withListen(
                new InetSocketAddress(bed.env("CONTROLLER_IP"), 0)), announcing(reconciler));
        int port = server.start().getPort();
        bed.onHost("hv1", "ovs-vsctl", "add-br", "br-int", "--", "set", "Bridge", "br-int", "datapath_type=netdev",
                "fail_mode=secure", "protocols=OpenFlow13", "--", "set-controller", "br-int",
                "tcp:" + bed.env("CONTROLLER_IP") + ":" + port);
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
                bed.testbed("down");
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

    /**
     * Outside CI a machine without root or Open vSwitch skips the test, counted and with the reason; under CI=true
     * it fails, so CI can never pass by skipping.
     */
    static final class Requirements implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return TestBedCli.enabledWith(context, "the OVS dump e2e test", List.of("ovs-vswitchd", "ovsdb-server",
                    "ovs-vsctl", "ip"), List.of(), "run as root with openvswitch-switch and iproute2 installed");
        }
    }
}
