package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * Issue 6, a network node dies: a bed with two network nodes, net1 and net2. A project's router is scheduled to
 * net1 and joins an MPLS network with a VM on hv1 to a flat external network; one VM leaves through its SNAT,
 * another is reached through a floating IP. net1's agent is killed and its OVS daemons with it (its router
 * namespace stays in the kernel, its legs dead): the controller moves the router to net2, whose agent builds it,
 * and external connectivity returns. The outage is measured from {@code ping -D} timestamps and printed.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterFailoverE2ETest {
    private static final String PREFIX = "rf";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String EXT_IP = "203.0.113.100";
    /** The controller's defaults, spelled out because the bound below rests on them. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    private static final Duration DOWN_TIME = Duration.ofSeconds(6);
    /**
     * The failover grace is the down time: the router moves at most one down time after net1's last heartbeat,
     * which came at most one heartbeat before the kill (so 4-6 s after it), plus the check period (0.5 s). Then
     * net2's agent builds the namespace and hv1 and net2 reconcile (well under a second each here), and the
     * first ping (every 50 ms) gets through: 4 s for all of that on a loaded two-core machine.
     */
    private static final Duration OUTAGE_BOUND = DOWN_TIME.plusSeconds(4);
    private static final Pattern RESCHEDULED = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*router (\\S+) rescheduled from net1 to net2", Pattern.MULTILINE);

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private OpenStackCli alice;
    private String adminToken;
    private VmPorts vms;
    private final List<Process> probes = new ArrayList<>();
    private Path work;
    private String router;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "iptables-legacy-restore", "conntrack", "arping", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 1, 2);
        sluice = SluiceCluster.onFreshState(bed);
        work = sluice.workDir();
        sluice.agentOptions("--bridge-mappings", "physnet1:br-ex");
        sluice.hostOptions("net1", "--l3");
        sluice.hostOptions("net2", "--l3");
        sluice.start(CONVERGE, "--physical-networks", "physnet1", "--tenant-network-type", "mpls",
                "--heartbeat-interval", HEARTBEAT.toString(), "--agent-down-time", DOWN_TIME.toString());
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        alice = sluice.cli("alice", E2eIdentity.ALICE_PASSWORD, "red");
        adminToken = admin.json("token", "issue").path("id").asText();
        vms = new VmPorts(bed, admin);
    }

    @AfterAll
    void tearDown() {
        probes.forEach(Processes::stop);
        // The bed's teardown removes every namespace of its prefix, net1's dead router namespace among them.
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void aDeadNetworkNodesRouterMovesToTheOtherAndExternalConnectivityReturns() throws Exception {
        PublicNetwork.create(admin);
        alice.json("network", "create", "red");
        alice.json("subnet", "create", "--network", "red", "--subnet-range", "10.0.0.0/24", "red-subnet");
        router = alice.json("router", "create", "r1").path("id").asText();
        alice.ok("router", "add", "subnet", "r1", "red-subnet");
        alice.ok("router", "set", "--external-gateway", PublicNetwork.NAME, "r1");
        assertThat(l3AgentHosts(router)).as("both L3 agents empty: the tie goes to net1 by name")
                .containsExactly("net1");
        String routerPort = interfacePort(router);
        int labelOnNet1 = label(routerPort);

        vm("a");
        vm("b");
        String fip = alice.json("floating", "ip", "create", PublicNetwork.NAME).path("floating_ip_address").asText();
        alice.ok("floating", "ip", "set", "--port", vms.id("b"), fip);
        SluiceCluster.await("r1's namespace on net1", CONVERGE, () -> hasNamespace("net1", router));
        SluiceCluster.await("vm-a reaches the external host through SNAT", CONVERGE,
                () -> bed.pings("vm-a", EXT_IP, 2));
        SluiceCluster.await("the external host reaches vm-b's floating IP", CONVERGE, () -> bed.pings("ext", fip, 2));

        Path pingLog = work.resolve("a-to-ext.ping");
        Process ping = pingExternalHost(pingLog, 30);
        Thread.sleep(3000);
        Instant kill = Instant.now();
        sluice.killAgent("net1");
        bed.killOvs("net1");

        SluiceCluster.await("r1 rescheduled to net2", DOWN_TIME.plus(CONVERGE), () -> l3AgentHosts(router)
                .equals(List.of("net2")));
        SluiceCluster.await("r1's namespace on net2", CONVERGE, () -> hasNamespace("net2", router));
        PingTrace trace = trace(ping, pingLog);
        Duration outage = trace.longestSilence();
        System.out.printf("router failover outage: %d ms (%d of %d pings unanswered; net1 killed at %s)%n",
                outage.toMillis(), trace.lost(), trace.transmitted(), kill);
        Instant committed = rescheduledAt(router).orElseThrow(() -> new AssertionError("no reschedule logged"));
        System.out.printf("router failover: kill to reschedule commit %d ms (controller log)%n",
                Duration.between(kill, committed).toMillis());
        assertThat(trace.answeredAfter(kill.plus(OUTAGE_BOUND))).as("replies after kill + %s", OUTAGE_BOUND)
                .isGreaterThan(0);
        assertThat(outage).as("the outage").isLessThanOrEqualTo(OUTAGE_BOUND);
        assertThat(trace.answeredOfLast(40)).as("the last 2 s of pings, through net2").isGreaterThanOrEqualTo(38);

        assertThat(sluice.get("/v2.0/ports/" + routerPort, adminToken).orElseThrow().at("/port/binding:host_id")
                .asText()).as("r1's interface port bound where r1 now is").isEqualTo("net2");
        assertThat(label(routerPort)).as("a new label on net2, the old one quarantined").isNotEqualTo(labelOnNet1);
        SluiceCluster.await("the external host reaches vm-b's floating IP again", CONVERGE,
                () -> bed.pings("ext", fip, 2));
        SluiceCluster.await("floating IP ACTIVE on net2", CONVERGE,
                () -> "ACTIVE".equals(alice.json("floating", "ip", "show", fip).path("status").asText()));
        assertThat(hasNamespace("net1", router)).as("net1's dead router namespace is still in the kernel").isTrue();
    }

    @Test
    @Order(2)
    void whenTheDeadNodeComesBackItsStaleRouterGoesAndTrafficStaysOnTheNewNode() throws Exception {
        Path pingLog = work.resolve("a-to-ext-revival.ping");
        Process ping = pingExternalHost(pingLog, 20);
        Thread.sleep(2000);
        Instant revival = Instant.now();
        bed.startOvs("net1");
        sluice.startAgent("net1");
        sluice.awaitConverged(List.of("net1"), revival, CONVERGE);
        SluiceCluster.await("net1's stale r1 namespace removed", CONVERGE, () -> !hasNamespace("net1", router));
        assertThat(bed.exec("net1", "ovs-vsctl", "list-ports", "br-int").output()).as("r1's legs on net1")
                .doesNotContain("tr-");
        PingTrace trace = trace(ping, pingLog);
        System.out.printf("dead network node back: longest silence %d ms (%d of %d pings unanswered)%n",
                trace.longestSilence().toMillis(), trace.lost(), trace.transmitted());
        assertThat(l3AgentHosts(router)).as("r1 stays where it was moved").containsExactly("net2");
        assertThat(trace.lost()).as("pings lost while net1 came back").isZero();
    }

    /** VM a pings the external host every 50 ms for {@code seconds}, each reply stamped with its time (-D). */
    private Process pingExternalHost(Path log, int seconds) {
        Process ping = bed.spawn(bed.namespace("vm-a"), List.of("ping", "-D", "-O", "-i", "0.05", "-W", "1", "-w",
                String.valueOf(seconds), EXT_IP), log);
        probes.add(ping);
        return ping;
    }

    /** The replies, once ping has reached its deadline. */
    private static PingTrace trace(Process ping, Path log) throws IOException, InterruptedException {
        assertThat(ping.waitFor(60, TimeUnit.SECONDS)).as("ping ends at its deadline").isTrue();
        return PingTrace.parse(Files.readString(log));
    }

    /** A port created by alice on red, bound to hv1 as Nova does, plugged os-vif style; its address by DHCP. */
    private void vm(String name) {
        vms.create(alice, name, "hv1", "--network", "red", "port-" + name);
        vms.plug(name, null);
        assertThat(bed.dhcp(name)).as("udhcpc on %s", name).contains("lease of " + vms.ip(name) + " obtained");
    }

    private List<String> l3AgentHosts(String router) {
        List<String> hosts = new ArrayList<>();
        sluice.get("/v2.0/routers/" + router + "/l3-agents", adminToken).ifPresent(body -> body.path("agents")
                .forEach(agent -> hosts.add(agent.path("host").asText())));
        return hosts;
    }

    private String interfacePort(String router) {
        for (JsonNode port : sluice.get("/v2.0/ports?device_id=" + router + "&device_owner=network:router_interface",
                adminToken).orElseThrow().path("ports")) {
            return port.path("id").asText();
        }
        throw new AssertionError("r1 has no interface port");
    }

    private int label(String port) {
        return sluice.get("/v2.0/ports/" + port, adminToken).orElseThrow().at("/port/sluice:mpls_label").asInt();
    }

    private boolean hasNamespace(String host, String router) {
        return Files.exists(Path.of("/run/netns", bed.routerNamespacePrefix(host) + router));
    }

    /** When the controller logged the move (its log's time of day, in this machine's zone). */
    private Optional<Instant> rescheduledAt(String router) throws IOException {
        Matcher line = RESCHEDULED.matcher(Files.readString(work.resolve("controller.log")));
        while (line.find()) {
            if (line.group(2).equals(router)) {
                return Optional.of(LocalTime.parse(line.group(1)).atDate(LocalDate.now())
                        .atZone(ZoneId.systemDefault()).toInstant());
            }
        }
        return Optional.empty();
    }
}
