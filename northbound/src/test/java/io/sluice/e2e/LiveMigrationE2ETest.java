package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live migration as Nova drives it with binding-extended, on real OVS: an inactive binding on the destination
 * (whose flows Sluice readies), the VM moving (its link on the destination comes up and it sends a gratuitous
 * ARP, as QEMU does on resuming: that first packet activates the binding), Nova's activate (already done:
 * 409), the source's binding deleted and its port unplugged. A peer on a third hypervisor pings the VM every
 * 10 ms and the external host pings its floating IP every 10 ms; a TCP stream from the external host through
 * the floating IP runs across the move. For a VXLAN and an MPLS network.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveMigrationE2ETest {
    private static final String PREFIX = "e2lm";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String EXT_IP = "203.0.113.100";
    private static final String[] CONTROLLER_ARGS = {"--physical-networks", "physnet1"};
    /** Pings run this long: two seconds before the move, the rest after. */
    private static final int PING_SECONDS = 12;

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private String token;
    private VmPorts vms;
    private final List<Process> probes = new ArrayList<>();
    private Path work;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "arping", "iptables-legacy-restore", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 3);
        sluice = SluiceCluster.onFreshState(bed);
        work = sluice.workDir();
        sluice.agentOptions("--bridge-mappings", "physnet1:br-ex");
        sluice.hostOptions("net1", "--l3");
        sluice.start(CONVERGE, CONTROLLER_ARGS);
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        token = admin.json("token", "issue").path("id").asText();
        vms = new VmPorts(bed, admin);
        admin.json("network", "create", "--external", "--provider-network-type", "flat",
                "--provider-physical-network", "physnet1", "public");
        admin.json("subnet", "create", "--network", "public", "--subnet-range", "203.0.113.0/24", "--no-dhcp",
                "--gateway", "203.0.113.1", "--allocation-pool", "start=203.0.113.10,end=203.0.113.99",
                "public-subnet");
        admin.json("router", "create", "r1");
        admin.ok("router", "set", "--external-gateway", "public", "r1");
    }

    @AfterAll
    void tearDown() {
        probes.forEach(Processes::stop);
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void aVmOfAVxlanNetworkMovesWithItsFloatingIpAndTcpStream() throws Exception {
        network("v1", "10.30.0.0/24", "vxlan");
        migrate("v1", "va", "vp", 7101);
    }

    @Test
    @Order(2)
    void aVmOfAnMplsNetworkMovesWithItsFloatingIpAndTcpStream() throws Exception {
        network("m1", "10.31.0.0/24", "mpls");
        migrate("m1", "ma", "mp", 7102);
    }

    private void network(String name, String cidr, String type) {
        admin.json("network", "create", "--provider-network-type", type, name);
        admin.json("subnet", "create", "--network", name, "--subnet-range", cidr, name + "-subnet");
        admin.ok("router", "add", "subnet", "r1", name + "-subnet");
    }

    /** Moves {@code vm} from hv1 to hv2 while {@code peer} on hv3 and the external host talk to it. */
    private void migrate(String network, String vm, String peer, int port) throws Exception {
        vm(vm, network, "hv1");
        vm(peer, network, "hv3");
        String fip = admin.json("floating", "ip", "create", "public").path("floating_ip_address").asText();
        admin.ok("floating", "ip", "set", "--port", vms.id(vm), fip);
        SluiceCluster.await("the floating IP answers", CONVERGE, () -> bed.pings("ext", fip, 1));
        Path status = work.resolve(vm + "-stream.status");
        probes.add(bed.spawn(bed.namespace("vm-" + vm), TcpProbe.command("serve", String.valueOf(port),
                status.toString()), work.resolve(vm + "-serve.log")));
        SluiceCluster.await("a server on the floating IP", CONVERGE,
                () -> TcpProbe.hello(bed, "ext", fip, port).startsWith("peer "));
        Process stream = bed.spawn(bed.namespace("ext"), TcpProbe.command("stream", fip, String.valueOf(port)),
                work.resolve(vm + "-stream.log"));
        TcpProbe.awaitGrowing(status, CONVERGE);

        assertThat(sluice.send("POST", "/v2.0/ports/" + vms.id(vm) + "/bindings", token,
                "{\"binding\": {\"host\": \"hv2\"}}")).as("Nova's inactive binding on hv2").isEqualTo(201);
        bed.migrateVm(vm, "hv2", "prepare");
        SluiceCluster.await("hv2 readied for " + vm, CONVERGE,
                () -> bed.ofctl("hv2", "dump-flows", "br-int").contains("CONTROLLER:128"));

        Process fromPeer = pingEvery10ms("vm-" + peer, vms.ip(vm), peer + "-to-" + vm + ".ping");
        Process fromExt = pingEvery10ms("ext", fip, "ext-to-" + vm + ".ping");
        Thread.sleep(2000);
        Instant switched = Instant.now();
        bed.migrateVm(vm, "hv2", "switch");
        SluiceCluster.await(vm + "'s binding active on hv2", CONVERGE, () -> "hv2".equals(bindingHost(vm)));
        assertThat(sluice.send("PUT", "/v2.0/ports/" + vms.id(vm) + "/bindings/hv2/activate", token, ""))
                .as("Nova's activate finds the first packet did it (409 PortBindingAlreadyActive)").isEqualTo(409);
        assertThat(sluice.send("DELETE", "/v2.0/ports/" + vms.id(vm) + "/bindings/hv1", token, null))
                .as("Nova deletes the source's binding").isEqualTo(204);
        bed.migrateVm(vm, "hv2", "finish");

        assertThat(fromPeer.waitFor(PING_SECONDS + 10, TimeUnit.SECONDS)).isTrue();
        assertThat(fromExt.waitFor(PING_SECONDS + 10, TimeUnit.SECONDS)).isTrue();
        PingTrace peerTrace = PingTrace.parse(Files.readString(work.resolve(peer + "-to-" + vm + ".ping")));
        PingTrace extTrace = PingTrace.parse(Files.readString(work.resolve("ext-to-" + vm + ".ping")));
        System.out.printf("live migration gap (%s): peer %d ms, floating IP %d ms%n", network,
                peerTrace.longestSilence().toMillis(), extTrace.longestSilence().toMillis());
        for (PingTrace trace : List.of(peerTrace, extTrace)) {
            assertThat(trace.answeredAfter(switched)).as("answered after the move").isGreaterThanOrEqualTo(100);
            assertThat(trace.answeredOfLast(100)).as("the last 100 pings").isGreaterThanOrEqualTo(95);
            assertThat(trace.longestSilence()).as("no ARP timeout or relearning in the gap")
                    .isLessThan(Duration.ofSeconds(1));
        }
        long before = TcpProbe.bytes(status);
        assertThat(TcpProbe.awaitGrowing(status, CONVERGE)).as("the stream still flows").isGreaterThan(before);
        assertThat(stream.isAlive()).as("no reset: %s", Files.readString(work.resolve(vm + "-stream.log"))).isTrue();
        assertThat(Files.readString(status)).as("one connection all along, from the external host")
                .contains("peer " + EXT_IP);
        Processes.stop(stream);
    }

    private void vm(String name, String network, String host) {
        vms.create(admin, name, host, "--network", network, "port-" + name);
        vms.plug(name, null);
        assertThat(bed.dhcp(name)).as("udhcpc on %s", name).contains("lease of " + vms.ip(name) + " obtained");
    }

    private String bindingHost(String vm) {
        return sluice.get("/v2.0/ports/" + vms.id(vm), token).map(port -> port.at("/port/binding:host_id").asText())
                .orElse("");
    }

    private Process pingEvery10ms(String from, String address, String log) throws IOException {
        Path file = work.resolve(log);
        Files.deleteIfExists(file);
        return bed.spawn(bed.namespace(from), List.of("ping", "-D", "-O", "-i", "0.01", "-W", "1", "-w",
                String.valueOf(PING_SECONDS), address), file);
    }
}
