package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * Provider networks end to end: the admin creates a flat external network and a VLAN network on physnet1
 * through the stock CLI; every host's agent maps physnet1 to the test bed's br-ex (eth2 on the provider
 * segment) and patches it to br-int. VMs on two hypervisors reach each other across the provider segment on
 * both networks, the external host reaches a VM on the flat network, the VLAN network's frames carry their
 * VLAN id on the segment, and a VLAN VM takes its address from Sluice's DHCP.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderNetworkE2ETest {
    private static final String PREFIX = "hc";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final int VLAN = 101;
    private static final String EXT_IP = "203.0.113.100";

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private VmPorts vms;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "tcpdump", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        sluice.agentOptions("--bridge-mappings", "physnet1:br-ex");
        sluice.start(CONVERGE, "--physical-networks", "physnet1:100:199", "--physical-mtu", "1500",
                "--audit-interval", "PT3S");
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        vms = new VmPorts(bed, admin);
    }

    @AfterAll
    void tearDown() {
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void everyAgentPatchesItsPhysicalBridgeToBrInt() {
        for (String host : bed.hosts()) {
            String ports = bed.exec(host, "ovs-vsctl", "list-ports", "br-int").orThrow(List.of("list-ports")).output();
            assertThat(ports).as(host).contains("int-br-ex");
            assertThat(bed.exec(host, "ovs-vsctl", "get", "Interface", "phy-br-ex", "options:peer").output())
                    .as(host).contains("int-br-ex");
            assertThat(bed.exec(host, "ovs-vsctl", "get", "Interface", "int-br-ex", "ofport").output().trim())
                    .as(host).isEqualTo("65100");
            assertThat(bed.exec(host, "ovs-vsctl", "get", "Bridge", "br-ex", "fail_mode").output().trim())
                    .as(host).isEqualTo("standalone");
        }
        SluiceCluster.await("hv1 reports its patch port", CONVERGE, () -> sluice.switchOf("hv1").isPresent());
    }

    @Test
    @Order(2)
    void vmsOnAFlatAndAVlanNetworkComeUpOnTwoHypervisors() {
        JsonNode pub = admin.json("network", "create", "--provider-network-type", "flat",
                "--provider-physical-network", "physnet1", "--external", "public");
        assertThat(pub.path("mtu").asInt()).isEqualTo(1500);
        admin.json("subnet", "create", "--network", "public", "--subnet-range", "203.0.113.0/24", "--no-dhcp",
                "--gateway", "203.0.113.1", "--allocation-pool", "start=203.0.113.10,end=203.0.113.50",
                "public-subnet");
        JsonNode corp = admin.json("network", "create", "--provider-network-type", "vlan",
                "--provider-physical-network", "physnet1", "--provider-segment", String.valueOf(VLAN), "corp");
        assertThat(corp.path("provider:segmentation_id").asInt()).isEqualTo(VLAN);
        admin.json("subnet", "create", "--network", "corp", "--subnet-range", "10.1.0.0/24", "corp-subnet");

        plug("public", "pub-a", "hv1", true);
        plug("public", "pub-b", "hv2", true);
        plug("corp", "corp-a", "hv1", true);
        plug("corp", "corp-b", "hv2", false);
        String lease = bed.dhcp("corp-b");
        assertThat(lease).as("DHCP on a VLAN network").contains("lease of " + vms.ip("corp-b") + " obtained");
        for (String vm : vms.names()) {
            SluiceCluster.await(vm + " ACTIVE", CONVERGE,
                    () -> "ACTIVE".equals(admin.json("port", "show", vm).path("status").asText()));
        }
    }

    @Test
    @Order(3)
    void vmsOnTheFlatNetworkReachEachOtherAcrossTheProviderSegment() {
        assertThat(ping("vm-pub-a", vms.ip("pub-b"))).as("pub-a to pub-b").isTrue();
        assertThat(ping("vm-pub-b", vms.ip("pub-a"))).as("pub-b to pub-a").isTrue();
    }

    @Test
    @Order(4)
    void theExternalHostReachesAVmOnTheFlatNetwork() throws Exception {
        assertThat(ping("ext", vms.ip("pub-b"))).as("ext to pub-b").isTrue();
        assertThat(ping("vm-pub-a", EXT_IP)).as("pub-a to ext").isTrue();
        // 2 MB of TCP: broken checksum offload on the provider path would pass ping and fail this.
        Process server = bed.spawn(bed.namespace("vm-pub-b"), List.of("/usr/bin/python3", "-c", """
                import socket
                s = socket.create_server(("0.0.0.0", 5001)); s.settimeout(10)
                c, _ = s.accept(); n = 0
                while (d := c.recv(65536)): n += len(d)
                c.sendall(str(n).encode())"""), sluice.workDir().resolve("tcp-server.log"));
        try {
            Thread.sleep(500);
            String received = bed.exec("ext", "/usr/bin/python3", "-c", """
                    import socket, sys
                    c = socket.create_connection((sys.argv[1], 5001), timeout=5)
                    c.sendall(b"x" * 2000000); c.shutdown(socket.SHUT_WR); print(c.recv(100).decode())""",
                    vms.ip("pub-b")).output().trim();
            assertThat(received).as("bytes pub-b received from ext").isEqualTo("2000000");
        } finally {
            server.destroy();
        }
    }

    @Test
    @Order(5)
    void vmsOnTheVlanNetworkReachEachOtherWithTheirVlanIdOnTheSegment() throws Exception {
        Path capture = sluice.workDir().resolve("provider-segment.txt");
        Files.deleteIfExists(capture);
        Process tcpdump = bed.spawn(bed.fabricNamespace(), List.of("timeout", "10", "tcpdump", "-i", "pv-hv1", "-e",
                "-n", "-c", "2", "vlan " + VLAN + " and icmp"), capture);
        Thread.sleep(500);
        assertThat(ping("vm-corp-a", vms.ip("corp-b"))).as("corp-a to corp-b").isTrue();
        tcpdump.waitFor();
        assertThat(Files.readString(capture)).as("ICMP tagged with VLAN %d between the hosts", VLAN)
                .contains("2 packets captured").contains("vlan " + VLAN);
    }

    @Test
    @Order(6)
    void untaggedFramesFromTheVlansSubnetDoNotReachTheVlanNetwork() {
        // (This machine's kernel has no 8021q module: the external host cannot send tagged frames itself.)
        bed.exec("ext", "ip", "addr", "add", "10.1.0.200/24", "dev", "eth0").orThrow(List.of("ip addr add"));
        try {
            assertThat(ping("ext", vms.ip("corp-b"))).as("untagged, from an address of the VLAN's subnet").isFalse();
            assertThat(ping("ext", vms.ip("pub-b"))).as("the flat network meanwhile").isTrue();
        } finally {
            bed.exec("ext", "ip", "addr", "del", "10.1.0.200/24", "dev", "eth0");
        }
    }

    @Test
    @Order(7)
    void anAuditFindsTheProviderFlowsAsOvsReportsThemBack() {
        Instant since = Instant.now();
        for (String host : List.of("hv1", "hv2")) {
            SluiceCluster.await(host + " audited", CONVERGE, () -> sluice.switchOf(host)
                    .map(sw -> sw.path("last_reconcile"))
                    .filter(last -> last.path("dumped").asBoolean(false)
                            && Instant.parse(last.path("at").asText(Instant.EPOCH.toString())).isAfter(since))
                    .isPresent());
            JsonNode last = sluice.switchOf(host).orElseThrow().path("last_reconcile");
            assertThat(last.path("converged").asBoolean()).as("%s: %s", host, last).isTrue();
            assertThat(List.of(last.path("flows_added").asInt(), last.path("flows_modified").asInt(),
                    last.path("flows_deleted").asInt(), last.path("group_changes").asInt()))
                    .as("%s changes at an audit: %s", host, last).containsOnly(0);
        }
    }

    /** Creates and binds a VM's port as admin; plugs the VM, with its address unless DHCP gives it. */
    private void plug(String network, String vm, String host, boolean staticAddress) {
        vms.create(admin, vm, host, "--network", network, vm);
        vms.plug(vm, staticAddress ? vms.ip(vm) + "/24" : null);
    }

    private boolean ping(String from, String address) {
        return bed.pings(from, address, 3);
    }
}
