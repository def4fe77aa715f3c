package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The other encapsulation a deployment may choose, {@code --mpls-encapsulation vxlan}: an MPLS network's labelled
 * packets ride inside Ethernet in VXLAN with VNI 0, on real OVS. VMs on two hypervisors take DHCP leases and
 * ping and talk TCP both ways; the underlay carries VXLAN whose inner frames are MPLS (0x8847) with the
 * destination ports' labels, and no GRE at all.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MplsInVxlanE2ETest {
    private static final String PREFIX = "e2mv";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    /** 28 = UDP header 8 + VXLAN header 8 + the inner Ethernet type at 12; the label is the next 20 bits. */
    private static final String VXLAN_MPLS = "udp dst port 4789 and udp[28:2] = 0x8847";

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private String token;
    private VmPorts vms;
    private Path work;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "tcpdump", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        work = sluice.workDir();
        sluice.start(CONVERGE, "--mpls-encapsulation", "vxlan");
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        token = admin.json("token", "issue").path("id").asText();
        vms = new VmPorts(bed, admin);
    }

    @AfterAll
    void tearDown() {
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    void vmsOfAnMplsNetworkTalkAcrossHostsWithTheirLabelsInsideVxlan() throws Exception {
        JsonNode network = admin.json("network", "create", "--provider-network-type", "mpls", "mv");
        assertThat(network.path("mtu").asInt()).as("VXLAN's 50 bytes and the label's 4").isEqualTo(1446);
        admin.json("subnet", "create", "--network", "mv", "--subnet-range", "10.8.0.0/24", "mv-subnet");
        for (String[] vm : new String[][] {{"a", "hv1"}, {"b", "hv2"}}) {
            vms.create(admin, vm[0], vm[1], "--network", "mv", "port-" + vm[0]);
            vms.plug(vm[0], null);
            assertThat(bed.dhcp(vm[0])).contains("lease of " + vms.ip(vm[0]) + " obtained");
        }
        String hv1 = bed.fact("hv1", "TUNNEL_IP");
        String hv2 = bed.fact("hv2", "TUNNEL_IP");
        UnderlayCapture capture = UnderlayCapture.onUplinkOf(bed, "hv1", work.resolve("mpls-in-vxlan.pcap"),
                "udp dst port 4789 or ip proto gre");
        assertThat(bed.exec("vm-a", "ping", "-c", "3", "-i", "0.2", "-W", "2", vms.ip("b")).output())
                .as("a (hv1) to b (hv2)").contains(" 0% packet loss").contains("ttl=63");
        assertThat(bed.pings("vm-b", vms.ip("a"), 3)).as("b (hv2) to a (hv1)").isTrue();
        List<Integer> counts = capture.stopAndCount(List.of(
                VXLAN_MPLS + " and src " + hv1 + " and dst " + hv2 + " and (udp[30:4] >> 12) = " + label("b"),
                VXLAN_MPLS + " and src " + hv2 + " and dst " + hv1 + " and (udp[30:4] >> 12) = " + label("a"),
                "udp dst port 4789 and udp[28:2] != 0x8847", "ip proto gre"));
        assertThat(counts.get(0)).as("hv1 -> hv2: MPLS with b's label inside VXLAN").isGreaterThanOrEqualTo(3);
        assertThat(counts.get(1)).as("hv2 -> hv1: MPLS with a's label inside VXLAN").isGreaterThanOrEqualTo(3);
        assertThat(counts.get(2)).as("no unlabelled frame in the tunnel").isZero();
        assertThat(counts.get(3)).as("no GRE").isZero();

        Process server = bed.spawn(bed.namespace("vm-b"), TcpProbe.command("serve", "7001"),
                work.resolve("b-serve.log"));
        try {
            SluiceCluster.await("TCP from a to b", CONVERGE,
                    () -> TcpProbe.hello(bed, "vm-a", vms.ip("b"), 7001).equals("peer " + vms.ip("a")));
        } finally {
            Processes.stop(server);
        }
    }

    private int label(String vm) {
        JsonNode label = sluice.get("/v2.0/ports/" + vms.id(vm), token).orElseThrow().at("/port/sluice:mpls_label");
        assertThat(label.isInt()).as("%s's label", vm).isTrue();
        return label.asInt();
    }
}
