package io.sluice.controller.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.TestBedCli;
import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.controller.openflow.OpenFlowServer;
import io.sluice.controller.openflow.SwitchListener;
import io.sluice.controller.openflow.SwitchSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stock DHCP client (busybox udhcpc) configures a VM from Sluice's replies: the VM is a namespace plugged
 * into a real OVS br-int (userspace datapath) of a test bed host, a flow punts its DHCP to the
 * {@link DhcpService} running in this JVM behind a real {@link OpenFlowServer}, and the replies go back as
 * PACKET_OUTs. udhcpc checks the IPv4 and UDP checksums of what it receives, and its stock script applies
 * address, mask, router, MTU and resolver; a hook records what udhcpc decoded before running that script.
 */
@Tag("e2e")
@ExtendWith(DhcpClientE2ETest.Requirements.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DhcpClientE2ETest {
    private static final Logger log = LoggerFactory.getLogger(DhcpClientE2ETest.class);
    private static final String PREFIX = "dhcpt";
    private static final String HOST = "hv1";
    private static final String VM = "c1";
    private static final int VM_OFPORT = 10;
    private static final int MTU = 1400;
    private static final String STOCK_SCRIPT = "/etc/udhcpc/default.script";
    private static final DhcpLease LEASE = new DhcpLease(TestLeases.CLIENT, TestLeases.IP, 24,
            Optional.of(TestLeases.GATEWAY), List.of(TestLeases.DNS1, TestLeases.DNS2), TestLeases.ROUTES, MTU,
            TestLeases.ONE_DAY, TestLeases.SERVER, TestLeases.SERVER_MAC, Optional.of("sluice.test"));

    private final Path work = Path.of("target", "e2e", PREFIX).toAbsolutePath();
    private final TestBedCli bed = new TestBedCli(PREFIX);
    private final CompletableFuture<SwitchSession> connected = new CompletableFuture<>();
    private DhcpService dhcp;
    private OpenFlowServer server;
    private boolean bedStarted;
    private Path netnsEtc;

    @BeforeAll
    void bringUp() throws Exception {
        Files.createDirectories(work);
        bedStarted = true;
        bed.testbed("up", "--force", "--hypervisors", "1");
        bed.readEnv();
        dhcp = new DhcpService((dpid, inPort, mac) -> inPort.equals(OFPort.of(VM_OFPORT))
                ? Optional.of(LEASE).filter(lease -> lease.clientMac().equals(mac)) : Optional.empty(),
                DhcpService.PER_PORT_LIMIT);
        server = new OpenFlowServer(OpenFlowConfig.defaults().withListen(
                new InetSocketAddress(bed.env("CONTROLLER_IP"), 0)), announcing(dhcp));
        int port = server.start().getPort();
        bed.onHost(HOST, "ovs-vsctl", "add-br", "br-int", "--", "set", "Bridge", "br-int", "datapath_type=netdev",
                "fail_mode=secure", "protocols=OpenFlow13", "--", "set-controller", "br-int",
                "tcp:" + bed.env("CONTROLLER_IP") + ":" + port);
        connected.get(30, TimeUnit.SECONDS);
        bed.testbed("plug-vm", "--host", HOST, "--name", VM, "--port-id", "5a1ce0dc-0000-4000-8000-000000000005",
                "--mac", TestLeases.CLIENT.toString(), "--ofport", String.valueOf(VM_OFPORT));
        bed.readEnv();
        // The punt flow the ARP_DHCP compiler will own: client-to-server DHCP from the VM port to the controller.
        bed.onHost(HOST, "ovs-ofctl", "-O", "OpenFlow13", "add-flow", "br-int",
                "table=0,priority=100,in_port=" + VM_OFPORT + ",udp,udp_src=68,udp_dst=67,actions=controller:65535");
        // `ip netns exec` bind-mounts this over /etc/resolv.conf, so the stock script writes here, not the host's.
        netnsEtc = Path.of("/etc/netns", vmNamespace());
        Files.createDirectories(netnsEtc);
        Files.writeString(netnsEtc.resolve("resolv.conf"), "");
        Path hook = work.resolve("udhcpc-hook.sh");
        Files.writeString(hook, "#!/bin/sh\nenv | sort > '" + work + "'/udhcpc-$1.env\nexec " + STOCK_SCRIPT
                + " \"$@\"\n");
        assertThat(hook.toFile().setExecutable(true)).isTrue();
    }

    @AfterAll
    void tearDown() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                if (bedStarted) {
                    bed.testbed("down");
                }
            } finally {
                if (netnsEtc != null) {
                    Files.deleteIfExists(netnsEtc.resolve("resolv.conf"));
                    Files.deleteIfExists(netnsEtc);
                }
            }
        }
    }

    /** Each client starts unconfigured, with the bed's MTU. */
    @BeforeEach
    void unconfigureVm() throws IOException {
        inVm("ip", "-4", "addr", "flush", "dev", "eth0");
        inVm("ip", "link", "set", "eth0", "mtu", "1450");
        Files.writeString(netnsEtc.resolve("resolv.conf"), "");
        Files.deleteIfExists(work.resolve("udhcpc-bound.env"));
    }

    @Test
    void udhcpcConfiguresTheVmFromTheLease() throws IOException {
        long repliesBefore = dhcp.replies();
        String output = udhcpc();

        assertThat(output).contains("lease of " + TestLeases.IP + " obtained from " + TestLeases.SERVER);
        assertThat(dhcp.replies() - repliesBefore).as("an OFFER and an ACK").isEqualTo(2);
        assertVmConfigured();
        Map<String, String> decoded = boundEnv();
        assertThat(decoded).containsEntry("ip", TestLeases.IP.toString())
                .containsEntry("subnet", "255.255.255.0")
                .containsEntry("router", TestLeases.GATEWAY.toString())
                .containsEntry("dns", TestLeases.DNS1 + " " + TestLeases.DNS2)
                .containsEntry("domain", "sluice.test")
                .containsEntry("mtu", String.valueOf(MTU))
                .containsEntry("serverid", TestLeases.SERVER.toString())
                .containsEntry("lease", "86400")
                .containsEntry("staticroutes",
                        "10.30.0.0/16 10.20.0.254 169.254.169.254/32 10.20.0.2 0.0.0.0/0 10.20.0.1");
    }

    @Test
    void aClientAskingForBroadcastRepliesIsConfiguredToo() throws IOException {
        String output = udhcpc("-B");

        assertThat(output).contains("lease of " + TestLeases.IP + " obtained");
        assertVmConfigured();
    }

    private void assertVmConfigured() throws IOException {
        assertThat(inVm("ip", "-4", "-o", "addr", "show", "dev", "eth0"))
                .contains("inet " + TestLeases.IP + "/24");
        assertThat(inVm("ip", "-4", "route", "show", "default")).contains("default via " + TestLeases.GATEWAY);
        assertThat(inVm("ip", "-o", "link", "show", "dev", "eth0")).contains("mtu " + MTU);
        assertThat(Files.readString(netnsEtc.resolve("resolv.conf")))
                .contains("domain sluice.test", "nameserver " + TestLeases.DNS1, "nameserver " + TestLeases.DNS2);
    }

    /** udhcpc until it has a lease or gives up: three DISCOVERs two seconds apart. */
    private String udhcpc(String... extra) {
        // A clean environment, as at boot: the hook's record then holds only what udhcpc exported.
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", vmNamespace(), "env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "3", "-T", "2",
                "-s", work.resolve("udhcpc-hook.sh").toString()));
        command.addAll(List.of(extra));
        String output = bed.run(command);
        log.info("{} printed:\n{}", String.join(" ", command), output);
        return output;
    }

    private Map<String, String> boundEnv() throws IOException {
        Map<String, String> vars = new HashMap<>();
        for (String line : Files.readAllLines(work.resolve("udhcpc-bound.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return vars;
    }

    private String vmNamespace() {
        return bed.env("VM_" + VM.toUpperCase() + "_NS");
    }

    private String inVm(String... command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", vmNamespace()));
        all.addAll(List.of(command));
        return bed.run(all);
    }

    /** The DHCP service, plus the news that the switch finished its handshake. */
    private SwitchListener announcing(DhcpService service) {
        return new SwitchListener() {
            @Override
            public void switchConnected(SwitchSession session) {
                connected.complete(session);
            }

            @Override
            public void packetIn(SwitchSession session, OFPacketIn packetIn) {
                service.packetIn(session, packetIn);
            }
        };
    }

    /**
     * Outside CI a machine without root, OVS or udhcpc skips every test, counted and with the reason; under
     * CI=true it fails, so CI can never pass by skipping.
     */
    static final class Requirements implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return TestBedCli.enabledWith(context, "DHCP client e2e test", List.of("ovs-vswitchd", "ovsdb-server",
                    "ovs-vsctl", "ovs-ofctl", "ip", "ethtool", "udhcpc"), List.of(Path.of(STOCK_SCRIPT)),
                    "apt-get install openvswitch-switch iproute2 ethtool udhcpc; run as root");
        }
    }
}
