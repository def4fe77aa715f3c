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
 * Issue 4 end to end, with the stock openstack CLI: a project's router joins two VXLAN subnets, lives in a
 * {@code qrouter-} namespace on the network node and leaves through a flat external network on physnet1
 * (every host's br-ex, eth2 on the provider segment where the external host is). VMs on two hypervisors
 * route between the subnets, leave through the router's SNAT address, are reached through a floating IP or
 * one forwarded port, and a TCP stream through the router survives an L3 agent restart and a controller
 * restart.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterE2ETest {
    private static final String PREFIX = "e2l3";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String EXT_IP = "203.0.113.100";
    private static final Pattern TTL = Pattern.compile("ttl=(\\d+)");
    private static final String[] CONTROLLER_ARGS = {"--physical-networks", "physnet1", "--audit-interval", "PT5S"};

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private OpenStackCli alice;
    private VmPorts vms;
    private final List<Process> probes = new ArrayList<>();
    private Path work;
    private String gatewayIp;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "conntrack", "iptables-legacy-restore", "arping", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        work = sluice.workDir();
        sluice.agentOptions("--bridge-mappings", "physnet1:br-ex");
        sluice.hostOptions("net1", "--l3");
        sluice.start(CONVERGE, CONTROLLER_ARGS);
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        alice = sluice.cli("alice", E2eIdentity.ALICE_PASSWORD, "red");
        vms = new VmPorts(bed, admin);
        // The external host answers the probes the VMs send out.
        probes.add(bed.spawn(bed.namespace("ext"), TcpProbe.command("serve", "7000"),
                work.resolve("ext-serve.log")));
    }

    @AfterAll
    void tearDown() {
        probes.forEach(Processes::stop);
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void theNetworkNodeIsListedAsAnL3Agent() {
        JsonNode agents = admin.json("network", "agent", "list", "--agent-type", "l3");
        assertThat(agents).hasSize(1);
        assertThat(agents.get(0).path("Host").asText()).isEqualTo("net1");
    }

    @Test
    @Order(2)
    void aRouterJoinsTwoSubnetsAndVmsOnTwoHypervisorsTalkAcrossIt() throws Exception {
        PublicNetwork.create(admin);
        for (String[] net : new String[][] {{"red", "10.0.0.0/24"}, {"green", "10.0.1.0/24"}}) {
            alice.json("network", "create", net[0]);
            alice.json("subnet", "create", "--network", net[0], "--subnet-range", net[1], net[0] + "-subnet");
        }
        alice.json("router", "create", "r1");
        alice.ok("router", "add", "subnet", "r1", "red-subnet");
        alice.ok("router", "add", "subnet", "r1", "green-subnet");
        alice.ok("router", "set", "--external-gateway", "public", "r1");
        JsonNode router = alice.json("router", "show", "r1");
        gatewayIp = router.path("external_gateway_info").path("external_fixed_ips").get(0).path("ip_address")
                .asText();
        assertThat(gatewayIp).startsWith("203.0.113.");
        assertThat(admin.json("network", "agent", "list", "--router", "r1")).hasSize(1);

        vm("a", "red", "hv1");
        vm("b", "green", "hv2");
        vm("c", "red", "hv2");
        SluiceCluster.await("router namespace on net1", CONVERGE, () -> bed.exec("net1", "ip", "netns", "list")
                .output().contains("qrouter-" + router.path("id").asText()));

        String pingB = bed.exec("vm-a", "ping", "-c", "3", "-i", "0.2", "-W", "2", vms.ip("b")).output();
        assertThat(pingB).as("red VM on hv1 to green VM on hv2").contains(" 0% packet loss");
        Matcher ttl = TTL.matcher(pingB);
        assertThat(ttl.find()).isTrue();
        assertThat(Integer.parseInt(ttl.group(1))).as("TTL decremented by the router").isEqualTo(63);

        probes.add(bed.spawn(vmNamespace("b"), TcpProbe.command("serve", "7001"),
                work.resolve("b-serve.log")));
        awaitHello("a", vms.ip("b"), 7001, "peer " + vms.ip("a"));
    }

    @Test
    @Order(3)
    void vmsWithoutFloatingIpsLeaveThroughTheRoutersGatewayAddress() {
        awaitHello("a", EXT_IP, 7000, "peer " + gatewayIp);
        awaitHello("c", EXT_IP, 7000, "peer " + gatewayIp);
    }

    @Test
    @Order(4)
    void aFloatingIpMakesAVmReachableBothWaysUntilDisassociated() throws Exception {
        String fip = alice.json("floating", "ip", "create", "public").path("floating_ip_address").asText();
        alice.ok("floating", "ip", "set", "--port", vms.id("a"), fip);
        SluiceCluster.await("floating IP ACTIVE", CONVERGE,
                () -> "ACTIVE".equals(alice.json("floating", "ip", "show", fip).path("status").asText()));
        assertThat(ping("ext", fip)).as("external host to the floating IP").isTrue();
        probes.add(bed.spawn(vmNamespace("a"), TcpProbe.command("serve", "7002"),
                work.resolve("a-serve.log")));
        awaitHello("ext", fip, 7002, "peer " + EXT_IP);
        awaitHello("a", EXT_IP, 7000, "peer " + fip);

        Path status = work.resolve("a-stream.status");
        probes.add(bed.spawn(vmNamespace("a"), TcpProbe.command("serve", "7003", status.toString()),
                work.resolve("a-serve-stream.log")));
        Process stream = stream("ext", fip, 7003, "ext-stream.log");
        long before = TcpProbe.awaitGrowing(status, CONVERGE);
        alice.ok("floating", "ip", "unset", "--port", fip);
        SluiceCluster.await("floating IP disassociated on the router", CONVERGE, () -> !ping("ext", fip));
        long cut = TcpProbe.bytes(status);
        Thread.sleep(2000);
        assertThat(TcpProbe.bytes(status)).as("the open connection stopped (had %d bytes)", before).isEqualTo(cut);
        Processes.stop(stream);
        assertThat(hello("ext", fip, 7002)).as("no new connection either").isEmpty();
        alice.ok("floating", "ip", "delete", fip);
    }

    @Test
    @Order(5)
    void aPortForwardingReachesOneTcpPortOfAVmAndNothingElse() {
        String fip = alice.json("floating", "ip", "create", "public").path("floating_ip_address").asText();
        alice.json("floating", "ip", "port", "forwarding", "create", "--internal-ip-address", vms.ip("c"), "--port",
                vms.id("c"), "--internal-protocol-port", "7004", "--external-protocol-port", "8080", "--protocol",
                "tcp", fip);
        probes.add(bed.spawn(vmNamespace("c"), TcpProbe.command("serve", "7004"),
                work.resolve("c-serve.log")));
        probes.add(bed.spawn(vmNamespace("c"), TcpProbe.command("serve", "7005"),
                work.resolve("c-serve-other.log")));
        awaitHello("ext", fip, 8080, "peer " + EXT_IP);
        assertThat(hello("ext", fip, 7004)).as("the internal port itself, not forwarded").isEmpty();
        assertThat(hello("ext", fip, 7005)).as("another port of the VM").isEmpty();
        assertThat(hello("ext", vms.ip("c"), 7004)).as("the fixed address from outside").isEmpty();
    }

    @Test
    @Order(6)
    void aTcpStreamThroughTheRouterSurvivesAnL3AgentAndAControllerRestart() throws Exception {
        Path status = work.resolve("ext-stream.status");
        probes.add(bed.spawn(bed.namespace("ext"), TcpProbe.command("serve", "7006", status.toString()),
                work.resolve("ext-serve-stream.log")));
        Process stream = stream("a", EXT_IP, 7006, "a-stream.log");
        TcpProbe.awaitGrowing(status, CONVERGE);

        sluice.stopAgent("net1");
        sluice.startAgent("net1");
        SluiceCluster.await("net1's agent back", CONVERGE, () -> sluice.switchOf("net1").isPresent());
        Thread.sleep(3000);
        long afterAgent = TcpProbe.awaitGrowing(status, CONVERGE);

        sluice.stopController();
        Instant restart = Instant.now();
        sluice.startController(CONTROLLER_ARGS);
        sluice.awaitConverged(bed.hosts(), restart, CONVERGE);
        Thread.sleep(3000);
        assertThat(TcpProbe.awaitGrowing(status, CONVERGE)).isGreaterThan(afterAgent);
        assertThat(stream.isAlive()).as("the client saw no reset (%s)", Files.readString(work.resolve("a-stream.log")))
                .isTrue();
        assertThat(Files.readString(status)).as("one connection all along, SNATed").contains("peer " + gatewayIp);
        Processes.stop(stream);
    }

    @Test
    @Order(7)
    void aRouterDeletedWhileItsL3AgentIsAwayIsRemovedWhenTheAgentComesBack() {
        String r2 = alice.json("router", "create", "r2").path("id").asText();
        alice.ok("router", "set", "--external-gateway", "public", "r2");
        SluiceCluster.await("r2's namespace on net1", CONVERGE, () -> routerNamespaces().contains("qrouter-" + r2));
        sluice.stopAgent("net1");
        alice.ok("router", "unset", "--external-gateway", "r2");
        alice.ok("router", "delete", "r2");
        assertThat(routerNamespaces()).as("nothing else removes it while the agent is away").contains("qrouter-" + r2);
        sluice.startAgent("net1");
        SluiceCluster.await("r2's namespace removed", CONVERGE, () -> !routerNamespaces().contains("qrouter-" + r2));
        assertThat(bed.pings("vm-a", EXT_IP, 3)).as("r1 untouched: vm-a still leaves through it").isTrue();
    }

    @Test
    @Order(8)
    void deletingEveryRouterLeavesNothingOfSluicesOnTheNetworkNode() {
        for (JsonNode fip : alice.json("floating", "ip", "list")) {
            alice.ok("floating", "ip", "delete", fip.path("ID").asText());
        }
        alice.ok("router", "unset", "--external-gateway", "r1");
        alice.ok("router", "remove", "subnet", "r1", "red-subnet");
        alice.ok("router", "remove", "subnet", "r1", "green-subnet");
        alice.ok("router", "delete", "r1");
        // ip netns lists the whole machine's namespaces: only this bed's router prefix is this test's.
        SluiceCluster.await("router namespace gone", CONVERGE,
                () -> !routerNamespaces().contains(bed.routerNamespacePrefix("net1")));
        assertThat(bed.exec("net1", "ip", "-o", "link", "show").output()).as("router legs on net1")
                .doesNotContain("tr-").doesNotContain("qr-").doesNotContain("qg-");
        assertThat(bed.exec("net1", "ovs-vsctl", "list-ports", "br-int").output()).doesNotContain("tr-");
    }

    private String routerNamespaces() {
        return bed.exec("net1", "ip", "netns", "list").output();
    }

    /** A port created by alice, bound as Nova does, plugged os-vif style on a host; its address by DHCP. */
    private void vm(String name, String network, String host) {
        vms.create(alice, name, host, "--network", network, "port-" + name);
        vms.plug(name, null);
        String lease = bed.dhcp(name);
        assertThat(lease).as("udhcpc on %s", name).contains("lease of " + vms.ip(name) + " obtained");
        assertThat(bed.exec("vm-" + name, "ip", "-4", "route", "show", "default").output())
                .as("default route from DHCP").contains("via");
    }

    private String vmNamespace(String vm) {
        return bed.namespace("vm-" + vm);
    }

    /** The test bed's name for "ext" (the external host) or a VM. */
    private static String node(String from) {
        return from.equals("ext") ? "ext" : "vm-" + from;
    }

    private boolean ping(String from, String address) {
        return bed.pings(node(from), address, 2);
    }

    /** The server's greeting ("peer ADDRESS", the client as the server sees it), or empty if unreachable. */
    private String hello(String from, String address, int port) {
        return TcpProbe.hello(bed, node(from), address, port);
    }

    private void awaitHello(String from, String address, int port, String expected) {
        SluiceCluster.await(from + " -> " + address + ":" + port, CONVERGE,
                () -> hello(from, address, port).equals(expected));
    }

    /** A client sending 1 KiB every 10 ms, once the server answers (it was just started: it may not listen yet). */
    private Process stream(String from, String address, int port, String log) {
        SluiceCluster.await("a server on " + address + ":" + port, CONVERGE,
                () -> hello(from, address, port).startsWith("peer "));
        return bed.spawn(bed.namespace(node(from)),
                TcpProbe.command("stream", address, String.valueOf(port)), work.resolve(log));
    }
}
