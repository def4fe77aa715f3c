package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5 end to end, with the stock openstack CLI: MPLS networks (the admin's {@code provider:network_type
 * mpls}) on two hypervisors and a network node, each agent with its MPLS-over-GRE port. VMs of one MPLS network
 * get DHCP leases and talk both ways, and the underlay shows GRE protocol 0x8847 carrying exactly the labels the
 * API gives their ports; two projects' MPLS networks with the same CIDR stay apart; a router joins an MPLS and a
 * VXLAN network; a port rebound to another hypervisor gets its traffic back (the gap printed) under a new label,
 * and its old label is not handed out during the quarantine.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MplsE2ETest {
    private static final String PREFIX = "e2m";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final Duration QUARANTINE = Duration.ofMinutes(10);
    private static final Pattern TTL = Pattern.compile("ttl=(\\d+)");
    /** Two projects' VMs at the same-looking address, and each project's other VM. */
    private static final String SAME_IP = "10.9.0.5";
    private static final String OTHER_IP = "10.9.0.6";

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private OpenStackCli alice;
    private OpenStackCli bob;
    private String adminToken;
    private VmPorts vms;
    private final List<Process> probes = new ArrayList<>();
    private Path work;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "tcpdump", "iptables-legacy-restore", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        work = sluice.workDir();
        sluice.hostOptions("net1", "--l3");
        sluice.start(CONVERGE, "--mpls-label-quarantine", QUARANTINE.toString());
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        alice = sluice.cli("alice", E2eIdentity.ALICE_PASSWORD, "red");
        bob = sluice.cli("bob", E2eIdentity.BOB_PASSWORD, "blue");
        adminToken = admin.json("token", "issue").path("id").asText();
        vms = new VmPorts(bed, admin);
    }

    @AfterAll
    void tearDown() {
        probes.forEach(Processes::stop);
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void vmsOfAnMplsNetworkOnTwoHypervisorsGetLeasesAndTalkBothWays() {
        JsonNode m1 = admin.json("network", "create", "--provider-network-type", "mpls", "m1");
        assertThat(m1.path("provider:network_type").asText()).isEqualTo("mpls");
        admin.json("subnet", "create", "--network", "m1", "--subnet-range", "10.7.0.0/24", "m1-subnet");
        vm(admin, "a", "hv1", "--network", "m1");
        vm(admin, "b", "hv2", "--network", "m1");
        vm(admin, "c", "hv1", "--network", "m1");

        String pingB = bed.exec("vm-a", "ping", "-c", "3", "-i", "0.2", "-W", "2", vms.ip("b")).output();
        assertThat(pingB).as("a (hv1) to b (hv2)").contains(" 0% packet loss");
        assertThat(ttl(pingB)).as("one routed hop in the VRF").isEqualTo(63);
        assertThat(bed.pings("vm-b", vms.ip("a"), 3)).as("b (hv2) to a (hv1)").isTrue();
        assertThat(bed.pings("vm-a", vms.ip("c"), 3)).as("a to c, both on hv1").isTrue();
        assertThat(bed.pings("vm-c", vms.ip("a"), 3)).as("c to a, both on hv1").isTrue();

        serve("a", 7001);
        serve("b", 7002);
        awaitHello("a", vms.ip("b"), 7002, "peer " + vms.ip("a"));
        awaitHello("b", vms.ip("a"), 7001, "peer " + vms.ip("b"));
    }

    @Test
    @Order(2)
    void theUnderlayCarriesGreProtocol8847WithTheApisLabelsOfTheDestinationPorts() throws Exception {
        int labelA = label("a");
        int labelB = label("b");
        int labelC = label("c");
        assertThat(Set.of(labelA, labelB, labelC)).as("labels are unique").hasSize(3);

        UnderlayCapture capture = UnderlayCapture.onUplinkOf(bed, "hv1", work.resolve("m1-underlay.pcap"));
        assertThat(bed.pings("vm-a", vms.ip("b"), 5)).isTrue();
        assertThat(bed.pings("vm-b", vms.ip("a"), 5)).isTrue();
        assertThat(hello("a", vms.ip("b"), 7002)).isEqualTo("peer " + vms.ip("a"));
        assertThat(hello("b", vms.ip("a"), 7001)).isEqualTo("peer " + vms.ip("b"));
        assertThat(bed.pings("vm-a", vms.ip("c"), 5)).as("same host: delivered locally").isTrue();
        UnderlayCapture.Packets packets = capture.stop();

        assertThat(packets.gre()).as("GRE packets on hv1's uplink").isGreaterThanOrEqualTo(20);
        assertThat(packets.mplsOverGre()).as("every GRE packet has protocol 0x8847").hasSize(packets.gre());
        assertThat(labels(packets, "hv1", "hv2")).as("hv1 -> hv2: b's label %d", labelB).containsExactly(labelB);
        assertThat(labels(packets, "hv2", "hv1")).as("hv2 -> hv1: a's label %d", labelA).containsExactly(labelA);
        assertThat(packets.mplsOverGre().stream().map(UnderlayCapture.MplsPacket::label).collect(Collectors.toSet()))
                .as("every label on the wire (c, on a's host, never crosses it)").isEqualTo(Set.of(labelA, labelB));
    }

    @Test
    @Order(3)
    void twoProjectsMplsNetworksWithTheSameCidrStayApart() {
        for (String project : List.of("red", "blue")) {
            sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, project)
                    .json("network", "create", "--provider-network-type", "mpls", project + "-mpls");
        }
        alice.json("subnet", "create", "--network", "red-mpls", "--subnet-range", "10.9.0.0/24", "red-mpls-subnet");
        bob.json("subnet", "create", "--network", "blue-mpls", "--subnet-range", "10.9.0.0/24", "blue-mpls-subnet");
        // Each project's SAME_IP VM on the other hypervisor than its project's OTHER_IP VM, which shares its
        // host with the other project's SAME_IP VM: a leak between the VRFs would be a local one.
        vm(alice, "r5", "hv2", "--network", "red-mpls", "--fixed-ip", "ip-address=" + SAME_IP);
        vm(alice, "r6", "hv1", "--network", "red-mpls", "--fixed-ip", "ip-address=" + OTHER_IP);
        vm(bob, "b5", "hv1", "--network", "blue-mpls", "--fixed-ip", "ip-address=" + SAME_IP);
        vm(bob, "b6", "hv2", "--network", "blue-mpls", "--fixed-ip", "ip-address=" + OTHER_IP);
        serve("r5", 7101);
        serve("b5", 7102);

        awaitHello("r6", SAME_IP, 7101, "peer " + OTHER_IP);
        awaitHello("b6", SAME_IP, 7102, "peer " + OTHER_IP);
        assertThat(hello("r6", SAME_IP, 7102)).as("red reaches no server of blue's %s", SAME_IP).isEmpty();
        assertThat(hello("b6", SAME_IP, 7101)).as("blue reaches no server of red's %s", SAME_IP).isEmpty();

        bed.exec("vm-r5", "ip", "link", "set", "eth0", "down").orThrow(List.of("ip link set eth0 down"));
        assertThat(bed.pings("vm-r6", SAME_IP, 3)).as("with red's %s down, nobody answers red", SAME_IP).isFalse();
        assertThat(bed.pings("vm-b6", SAME_IP, 3)).as("blue's %s meanwhile", SAME_IP).isTrue();
    }

    @Test
    @Order(4)
    void aRouterJoinsAnMplsAndAVxlanNetworkOfOneProject() {
        String green = alice.json("network", "create", "green").path("id").asText();
        assertThat(admin.json("network", "show", green).path("provider:network_type").asText())
                .as("a member's network").isEqualTo("vxlan");
        alice.json("subnet", "create", "--network", "green", "--subnet-range", "10.20.0.0/24", "green-subnet");
        String router = alice.json("router", "create", "r1").path("id").asText();
        alice.ok("router", "add", "subnet", "r1", "red-mpls-subnet");
        alice.ok("router", "add", "subnet", "r1", "green-subnet");
        vm(alice, "g1", "hv2", "--network", "green");
        SluiceCluster.await("router namespace on net1", CONVERGE,
                () -> bed.exec("net1", "ip", "netns", "list").output().contains("qrouter-" + router));

        SluiceCluster.await("r6 (MPLS, hv1) pings g1 (VXLAN, hv2)", CONVERGE,
                () -> bed.pings("vm-r6", vms.ip("g1"), 2));
        assertThat(bed.pings("vm-g1", OTHER_IP, 3)).as("g1 to r6").isTrue();
        serve("g1", 7201);
        serve("r6", 7202);
        awaitHello("r6", vms.ip("g1"), 7201, "peer " + OTHER_IP);
        awaitHello("g1", OTHER_IP, 7202, "peer " + vms.ip("g1"));
    }

    @Test
    @Order(5)
    void aPortReboundToAnotherHypervisorGetsItsTrafficBackUnderANewLabel() throws Exception {
        int oldLabel = label("a");
        Process fromOldHost = pingEvery10ms("c", "a");
        Process fromNewHost = pingEvery10ms("b", "a");
        Thread.sleep(2000);
        Instant moved = Instant.now();
        vms.move("a", "hv2");
        Instant plugged = Instant.now();
        assertThat(fromOldHost.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fromNewHost.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertResumed("c (hv1, a's old host)", work.resolve("c-to-a.ping"), plugged);
        assertResumed("b (hv2, a's new host)", work.resolve("b-to-a.ping"), plugged);

        int newLabel = label("a");
        assertThat(newLabel).as("a's label after the move").isNotEqualTo(oldLabel);
        SluiceCluster.await("no flow names the old label " + oldLabel, CONVERGE,
                () -> bed.hosts().stream().noneMatch(host -> namesLabel(bed.ofctl(host, "dump-flows", "br-int"),
                        oldLabel)));
        UnderlayCapture capture = UnderlayCapture.onUplinkOf(bed, "hv1", work.resolve("rebound-underlay.pcap"));
        assertThat(bed.pings("vm-c", vms.ip("a"), 3)).isTrue();
        UnderlayCapture.Packets packets = capture.stop();
        assertThat(labels(packets, "hv1", "hv2")).as("hv1 -> hv2: a's new label").containsExactly(newLabel);
        assertThat(labels(packets, "hv2", "hv1")).as("hv2 -> hv1: c's label").containsExactly(label("c"));

        Set<Integer> held = heldLabels();
        for (int label = 16; label < oldLabel; label++) {
            assertThat(held).as("labels below %d are held, so only the quarantine keeps it", oldLabel).contains(label);
        }
        vms.create(admin, "d", "hv1", "--network", "m1", "port-d");
        assertThat(Duration.between(moved, Instant.now())).as("still in quarantine").isLessThan(QUARANTINE);
        assertThat(label("d")).as("a port bound during the quarantine").isNotEqualTo(oldLabel);
    }

    /** A port created by {@code member}, bound as Nova does, plugged os-vif style; its address by DHCP. */
    private void vm(OpenStackCli member, String name, String host, String... createArgs) {
        List<String> args = new ArrayList<>(List.of(createArgs));
        args.add("port-" + name);
        vms.create(member, name, host, args.toArray(String[]::new));
        vms.plug(name, null);
        assertThat(bed.dhcp(name)).as("udhcpc on %s", name).contains("lease of " + vms.ip(name) + " obtained");
    }

    /** The port's label as the API reports it to an admin. */
    private int label(String vm) {
        JsonNode label = sluice.get("/v2.0/ports/" + vms.id(vm), adminToken).orElseThrow().at("/port/sluice:mpls_label");
        assertThat(label.isInt()).as("%s's sluice:mpls_label: %s", vm, label).isTrue();
        return label.asInt();
    }

    private Set<Integer> heldLabels() {
        Set<Integer> held = new TreeSet<>();
        for (JsonNode port : sluice.get("/v2.0/ports", adminToken).orElseThrow().path("ports")) {
            if (port.path("sluice:mpls_label").isInt()) {
                held.add(port.path("sluice:mpls_label").asInt());
            }
        }
        return held;
    }

    /** The labels of the MPLS packets from one host's tunnel address to another's. */
    private Set<Integer> labels(UnderlayCapture.Packets packets, String from, String to) {
        return packets.mplsOverGre().stream()
                .filter(p -> p.from().equals(bed.fact(from, "TUNNEL_IP")) && p.to().equals(bed.fact(to, "TUNNEL_IP")))
                .map(UnderlayCapture.MplsPacket::label).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean namesLabel(String flows, int label) {
        return Pattern.compile("mpls_label=" + label + "\\b|\\b" + label + "->mpls_label").matcher(flows).find();
    }

    /** 20 s of pings 10 ms apart, each reply stamped with the time it came (-D), into FROM-to-TO.ping. */
    private Process pingEvery10ms(String from, String to) throws IOException {
        Path log = work.resolve(from + "-to-" + to + ".ping");
        Files.deleteIfExists(log);
        return bed.spawn(bed.namespace("vm-" + from),
                List.of("ping", "-D", "-O", "-i", "0.01", "-W", "1", "-w", "20", vms.ip(to)), log);
    }

    /** Traffic came back after the VM was plugged on its new host, and kept flowing to the end. */
    private static void assertResumed(String peer, Path log, Instant plugged) throws IOException {
        PingTrace trace = PingTrace.parse(Files.readString(log));
        System.out.printf("mpls rebind gap: %d ms (pings from %s: %d of %d unanswered, %d answered)%n",
                trace.longestSilence().toMillis(), peer, trace.lost(), trace.transmitted(), trace.replies());
        assertThat(trace.answeredAfter(plugged)).as("%s: pings answered after the plug", peer)
                .isGreaterThanOrEqualTo(100);
        assertThat(trace.answeredOfLast(100)).as("%s: the last 100 pings (of %d) answered", peer, trace.transmitted())
                .isGreaterThanOrEqualTo(95);
    }

    private static int ttl(String ping) {
        Matcher ttl = TTL.matcher(ping);
        assertThat(ttl.find()).as("a reply in %s", ping).isTrue();
        return Integer.parseInt(ttl.group(1));
    }

    private void serve(String vm, int port) {
        probes.add(bed.spawn(bed.namespace("vm-" + vm), TcpProbe.command("serve", String.valueOf(port)),
                work.resolve(vm + "-serve-" + port + ".log")));
    }

    private String hello(String from, String address, int port) {
        return TcpProbe.hello(bed, "vm-" + from, address, port);
    }

    private void awaitHello(String from, String address, int port, String expected) {
        SluiceCluster.await(from + " -> " + address + ":" + port, CONVERGE,
                () -> hello(from, address, port).equals(expected));
    }
}
