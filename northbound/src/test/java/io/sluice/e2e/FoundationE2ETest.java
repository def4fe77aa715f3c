package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.pipeline.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 2 on real OVS: three hosts connect and converge; a stray flow is removed; a controller restart
 * rewrites nothing and drops no packet; a vswitchd restart gets its flows back from the running controller.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundationE2ETest {
    private static final String PREFIX = "e2found";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final int VM1_OFPORT = 10;
    private static final int VM2_OFPORT = 11;
    private static final String SLUICE_COOKIE = "0x51ce";
    /** VM-to-VM forwarding on hv1, given to the controller as desired state; plus one group. */
    private static final String OPERATOR_FLOWS = """
            {"flows": [
              {"switch": "hv1", "table": "CLASSIFY", "priority": 1000, "match": {"in_port": "10"}, "actions": ["output:11"]},
              {"switch": "hv1", "table": "CLASSIFY", "priority": 1000, "match": {"in_port": "11"}, "actions": ["output:10"]}
            ],
             "groups": [
              {"switch": "hv1", "group_id": 1, "type": "all", "buckets": [["output:10"], ["output:11"]]}
            ]}
            """;

    private TestBed bed;
    private SluiceCluster sluice;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require();
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        sluice.writeOperatorFlows(OPERATOR_FLOWS);
        sluice.start(CONVERGE, "--audit-interval", "PT2S");
        bed.plugVm("hv1", "vm1", "11111111-aaaa-4000-8000-000000000001", "fa:16:3e:00:00:01", "10.0.0.1/24",
                VM1_OFPORT);
        bed.plugVm("hv1", "vm2", "22222222-aaaa-4000-8000-000000000002", "fa:16:3e:00:00:02", "10.0.0.2/24",
                VM2_OFPORT);
    }

    @AfterAll
    void tearDown() {
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void threeSwitchesHandshakeAndHoldExactlyTheDesiredFlows() {
        assertThat(bed.hosts()).hasSize(3);
        for (String host : bed.hosts()) {
            JsonNode sw = sluice.switchOf(host).orElseThrow();
            assertThat(sw.path("last_reconcile").path("errors")).isEmpty();
            Map<String, Double> flows = FlowDump.durations(bed.ofctl(host, "dump-flows", "br-int"));
            int operatorFlows = host.equals("hv1") ? 2 : 0;
            assertThat(flows).as("flows on %s", host).hasSize(Table.values().length + operatorFlows);
            assertThat(flows.keySet()).allMatch(flow -> flow.startsWith("cookie=" + SLUICE_COOKIE));
            for (Table table : Table.values()) {
                assertThat(flows.keySet()).as("%s table-miss on %s", table, host)
                        .anyMatch(flow -> flow.contains(" table=" + table.id() + " priority=0 "));
            }
        }
        assertThat(bed.ofctl("hv1", "dump-flows", "br-int")).contains("in_port=10 actions=output:11");
        assertThat(bed.ofctl("hv1", "dump-groups", "br-int"))
                .contains("group_id=1,type=all,bucket=actions=output:10,bucket=actions=output:11");
    }

    @Test
    @Order(2)
    void vmsPingThroughTheDesiredFlows() {
        assertThat(ping("vm1", "10.0.0.2", "-c", "3", "-i", "0.2", "-W", "1").lossPercent()).isZero();
    }

    @Test
    @Order(3)
    void strayFlowAndGroupAddedByHandAreRemoved() {
        bed.ofctl("hv1", "add-flow", "br-int", "table=0,priority=5,actions=drop");
        bed.ofctl("hv1", "add-group", "br-int", "group_id=99,type=all,bucket=output:10");
        assertThat(bed.ofctl("hv1", "dump-flows", "br-int")).contains("priority=5");
        SluiceCluster.await("stray flow and group removed by the audit", CONVERGE, () ->
                !bed.ofctl("hv1", "dump-flows", "br-int").contains("priority=5")
                        && !bed.ofctl("hv1", "dump-groups", "br-int").contains("group_id=99"));
        assertThat(FlowDump.durations(bed.ofctl("hv1", "dump-flows", "br-int"))).hasSize(Table.values().length + 2);
    }

    @Test
    @Order(4)
    void controllerRestartRewritesNothingAndLosesNoPacket() throws Exception {
        Map<String, Double> before = FlowDump.durations(bed.ofctl("hv1", "dump-flows", "br-int"));
        Path pingLog = sluice.workDir().resolve("restart-ping.log");
        Files.deleteIfExists(pingLog);
        Process ping = bed.spawn(PREFIX + "-vm-vm1", List.of("ping", "-D", "-O", "-i", "0.01", "-c", "800", "10.0.0.2"), pingLog);
        Thread.sleep(1000);
        sluice.stopController();
        Thread.sleep(1000);
        Instant restarted = Instant.now();
        sluice.startController("--audit-interval", "PT2S");
        sluice.awaitConverged(bed.hosts(), restarted, CONVERGE);
        assertThat(ping.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (String host : bed.hosts()) {
            JsonNode sent = sluice.switchOf(host).orElseThrow().path("sent_since_connect");
            assertThat(sent.path("runs").asLong()).as("reconciliations of %s since the restart", host).isPositive();
            assertThat(sent.path("flows_added").asLong() + sent.path("flows_modified").asLong()
                    + sent.path("flows_deleted").asLong() + sent.path("group_changes").asLong())
                    .as("changes sent to %s since the restart: %s", host, sent).isZero();
        }
        PingResult result = PingResult.parse(Files.readString(pingLog));
        assertThat(result.transmitted()).isEqualTo(800);
        assertThat(result.received()).as("ping across the controller restart: %s; unanswered: %s", result,
                Files.readAllLines(pingLog).stream().filter(l -> l.contains("no answer")).toList()).isEqualTo(800);
        Map<String, Double> after = FlowDump.durations(bed.ofctl("hv1", "dump-flows", "br-int"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((flow, duration) -> assertThat(after.get(flow)).as("duration of %s", flow)
                .isGreaterThan(duration + 2.0));
    }

    @Test
    @Order(5)
    void vswitchdRestartGetsItsFlowsBackFromTheRunningController() {
        bed.testbed("restart-vswitchd", "--host", "hv1");
        SluiceCluster.await("hv1's flows back after its vswitchd restart", CONVERGE, () ->
                FlowDump.durations(bed.exec("hv1", "ovs-ofctl", "-O", "OpenFlow13", "dump-flows", "br-int").output())
                        .size() == Table.values().length + 2);
        SluiceCluster.await("vm1 reaches vm2 again", CONVERGE, () ->
                ping("vm1", "10.0.0.2", "-c", "1", "-W", "1").lossPercent() == 0);
        assertThat(bed.ofctl("hv1", "dump-groups", "br-int")).contains("group_id=1");
    }

    private PingResult ping(String vm, String address, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of("ping"));
        command.addAll(List.of(options));
        command.add(address);
        return PingResult.parse(bed.exec("vm-" + vm, command.toArray(String[]::new)).output());
    }

    /** The summary line of iputils ping. */
    record PingResult(int transmitted, int received) {
        private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

        static PingResult parse(String output) {
            Matcher m = SUMMARY.matcher(output);
            if (!m.find()) {
                throw new AssertionError("no ping summary in:\n" + output);
            }
            return new PingResult(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }

        int lossPercent() {
            return transmitted == 0 ? 100 : 100 * (transmitted - received) / transmitted;
        }
    }
}
