package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 3 end to end: two projects build VXLAN networks with the same CIDR through the stock openstack CLI;
 * VMs plugged os-vif style on two hypervisors get their addresses from Sluice's DHCP, reach the VMs of their
 * project across hypervisors and nothing of the other project; a VM that changes its MAC or address is cut
 * off; the agent list shows a killed agent dead.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantNetworkE2ETest {
    private static final String PREFIX = "e2ten";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String CIDR = "10.0.0.0/24";
    /** Linux's old VXLAN port: this deployment uses it, the others the IANA 4789 default. */
    private static final int VXLAN_PORT = 8472;

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private OpenStackCli alice;
    private OpenStackCli bob;
    private VmPorts vms;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        sluice.agentOptions("--vxlan-port", String.valueOf(VXLAN_PORT));
        sluice.start(CONVERGE, "--audit-interval", "PT5S");
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        alice = sluice.cli("alice", E2eIdentity.ALICE_PASSWORD, "red");
        bob = sluice.cli("bob", E2eIdentity.BOB_PASSWORD, "blue");
        vms = new VmPorts(bed, admin);
    }

    @AfterAll
    void tearDown() {
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void everyAgentIsListedAlive() {
        JsonNode agents = admin.json("network", "agent", "list");
        assertThat(agents).hasSize(3);
        assertThat(agents).allSatisfy(a -> assertThat(isAlive(a)).as("alive: %s", a).isTrue());
    }

    @Test
    @Order(2)
    void twoProjectsWithTheSameCidrGetVmsThatTakeTheirAddressesByDhcp() {
        network(alice, "red");
        network(bob, "blue");
        vms.create(alice, "red-a", "hv1", "--network", "red", "red-a");
        vms.create(alice, "red-b", "hv2", "--network", "red", "red-b");
        String redA = vms.ip("red-a");
        vms.create(bob, "blue-a", "hv2", "--network", "blue", "--fixed-ip",
                "subnet=blue-subnet,ip-address=" + redA, "blue-a");
        assertThat(vms.ip("blue-a")).as("overlapping addresses across projects").isEqualTo(redA);

        for (String vm : vms.names()) {
            vms.plug(vm, null);
            String lease = bed.dhcp(vm);
            assertThat(lease).as("udhcpc on %s", vm).contains("lease of " + vms.ip(vm) + " obtained");
            assertThat(bed.exec("vm-" + vm, "ip", "-4", "addr", "show", "eth0").output()).contains(vms.ip(vm) + "/24");
        }
        for (String vm : vms.names()) {
            OpenStackCli owner = vm.startsWith("red") ? alice : bob;
            SluiceCluster.await(vm + " ACTIVE", CONVERGE,
                    () -> "ACTIVE".equals(owner.json("port", "show", vm).path("status").asText()));
            assertThat(admin.json("port", "show", vms.id(vm)).path("binding_vif_type").asText())
                    .isEqualTo("ovs");
        }
    }

    @Test
    @Order(3)
    void vmsOfOneProjectReachEachOtherAcrossHypervisors() throws Exception {
        Path capture = sluice.workDir().resolve("underlay.txt");
        Files.deleteIfExists(capture);
        Process tcpdump = bed.spawn(bed.fabricNamespace(), List.of("timeout", "10", "tcpdump", "-i", "fabric", "-n",
                "-c", "4", "udp dst port " + VXLAN_PORT), capture);
        Thread.sleep(500);
        assertThat(ping("red-a", vms.ip("red-b"))).as("red-a to red-b across hypervisors").isTrue();
        assertThat(ping("red-b", vms.ip("red-a"))).isTrue();
        tcpdump.waitFor();
        assertThat(Files.readString(capture)).as("VXLAN on UDP %d in the underlay", VXLAN_PORT)
                .contains("4 packets captured").contains("." + VXLAN_PORT + ":");
    }

    @Test
    @Order(4)
    void projectsAreIsolatedDespiteOverlappingAddresses() {
        assertThat(ping("blue-a", vms.ip("red-b"))).as("blue-a reaching a red VM").isFalse();
        assertThat(ping("red-b", vms.ip("blue-a"))).as("red-b reaching the red VM with blue-a's address, not blue-a")
                .isTrue();
        assertThat(bed.exec("vm-red-b", "ip", "neigh", "show", vms.ip("blue-a")).output())
                .contains(vms.mac("red-a"));
    }

    @Test
    @Order(5)
    void aVmThatChangesItsAddressOrMacIsCutOff() {
        String own = vms.ip("red-a") + "/24";
        bed.exec("vm-red-a", "ip", "addr", "replace", "10.0.0.199/24", "dev", "eth0");
        bed.exec("vm-red-a", "ip", "addr", "del", own, "dev", "eth0");
        assertThat(ping("red-a", vms.ip("red-b"))).as("from a spoofed address").isFalse();
        bed.exec("vm-red-a", "ip", "addr", "replace", own, "dev", "eth0");
        bed.exec("vm-red-a", "ip", "addr", "del", "10.0.0.199/24", "dev", "eth0");
        assertThat(ping("red-a", vms.ip("red-b"))).as("own address again").isTrue();

        bed.exec("vm-red-a", "ip", "link", "set", "eth0", "address", "fa:16:3e:66:66:66");
        bed.exec("vm-red-a", "ip", "neigh", "flush", "all");
        assertThat(ping("red-a", vms.ip("red-b"))).as("from a spoofed MAC").isFalse();
        bed.exec("vm-red-a", "ip", "link", "set", "eth0", "address", vms.mac("red-a"));
    }

    @Test
    @Order(6)
    void aKilledAgentIsShownDeadWithinItsDownTimeAndAliveAfterRestart() {
        sluice.stopAgent("hv2");
        SluiceCluster.await("hv2's agent shown dead", Duration.ofSeconds(15), () -> !isAlive(agentOf("hv2")));
        sluice.startAgent("hv2");
        SluiceCluster.await("hv2's agent alive again", Duration.ofSeconds(30), () -> isAlive(agentOf("hv2")));
        assertThat(ping("red-a", vms.ip("red-b"))).as("forwarding while the agent was away and back").isTrue();
    }

    private void network(OpenStackCli cli, String name) {
        cli.json("network", "create", name);
        cli.json("subnet", "create", "--network", name, "--subnet-range", CIDR, name + "-subnet");
    }

    private JsonNode agentOf(String host) {
        for (JsonNode agent : admin.json("network", "agent", "list", "--host", host)) {
            return agent;
        }
        throw new AssertionError("no agent for " + host);
    }

    private static boolean isAlive(JsonNode agent) {
        JsonNode alive = agent.path("Alive");
        return alive.isBoolean() ? alive.asBoolean() : ":-)".equals(alive.asText());
    }

    private boolean ping(String vm, String address) {
        return bed.pings("vm-" + vm, address, 3);
    }
}
