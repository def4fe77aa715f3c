package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.controller.TestBedCli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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
 * Issue 6, a hostile tenant: VM x floods DHCP DISCOVERs and ARP requests for unheld addresses at thousands a
 * second from its own MAC and IP, so port security lets them in and only its port's meters stop them. Meanwhile
 * y (x's host) and z (the other hypervisor) take DHCP leases and resolve and ping each other without loss, the
 * switch's PACKET_IN budget is never exceeded, and y sees no more of x's ARP than x's meter passes. Then a VM
 * wearing z's MAC and IP gets nothing through while z's own traffic goes on, and a VM without port security
 * flooding ARP is cut by its meter all the same.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTenantE2ETest {
    private static final String PREFIX = "ht";
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    /** Packets per second of each kind x sends: thousands, as the issue asks, within what two cores allow. */
    private static final int FLOOD_RATE = 2500;
    private static final int FLOOD_SECONDS = 40;
    /** Pings between y and z during the flood, and their interval: a loss shows as a missing reply. */
    private static final int PINGS = 50;
    private static final Pattern LOSS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final Pattern METER_STATS = Pattern.compile(
            "meter:(\\d+) flow_count:\\d+ packet_in_count:(\\d+) .*?0: packet_count:(\\d+)", Pattern.DOTALL);

    private TestBed bed;
    private SluiceCluster sluice;
    private OpenStackCli admin;
    private OpenStackCli alice;
    private VmPorts vms;

    @BeforeAll
    void bringUp() throws IOException {
        RealOvs.require("udhcpc", "tcpdump", "/usr/bin/python3", OpenStackCli.BINARY);
        bed = TestBed.up(PREFIX, 2);
        sluice = SluiceCluster.onFreshState(bed);
        sluice.start(CONVERGE, "--audit-interval", "PT5S");
        admin = sluice.cli("admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        alice = sluice.cli("alice", E2eIdentity.ALICE_PASSWORD, "red");
        vms = new VmPorts(bed, admin);
        alice.json("network", "create", "red");
        alice.json("subnet", "create", "--network", "red", "--subnet-range", "10.0.0.0/24", "red-subnet");
        vms.create(alice, "x", "hv1", "--network", "red", "x");
        vms.create(alice, "y", "hv1", "--network", "red", "y");
        vms.create(alice, "z", "hv2", "--network", "red", "z");
        vms.create(alice, "s", "hv1", "--network", "red", "s");
        vms.create(alice, "w", "hv1", "--network", "red", "--disable-port-security", "w");
        vms.plug("x", vms.ip("x") + "/24");
        vms.plug("s", vms.ip("s") + "/24");
        vms.plug("w", vms.ip("w") + "/24");
        vms.plug("y", null);
        vms.plug("z", null);
        Instant plugged = Instant.now();
        sluice.awaitConverged(List.of("hv1", "hv2"), plugged, CONVERGE);
    }

    @AfterAll
    void tearDown() {
        SluiceCluster.stopAndTearDown(sluice, bed);
    }

    @Test
    @Order(1)
    void eachVmPortHasItsArpAndDhcpMetersAndAnAuditFindsThemAsCompiled() {
        int x = ofport("hv1", "x");
        String meters = bed.ofctl("hv1", "dump-meters", "br-int");
        assertThat(meters).contains("meter=" + 2 * x + " pktps burst stats bands=\ntype=drop rate=100 burst_size=200")
                .contains("meter=" + (2 * x + 1) + " pktps burst stats bands=\ntype=drop rate=10 burst_size=20");
        assertThat(bed.ofctl("hv1", "dump-flows", "br-int", "in_port=" + x + ",arp"))
                .contains("meter:" + 2 * x + ",goto_table:20");

        // An audit reads flows and meters back from OVS: what it finds must equal what was compiled.
        Instant now = Instant.now();
        SluiceCluster.await("an audit of hv1 after " + now, Duration.ofSeconds(20), () -> sluice.switchOf("hv1")
                .map(sw -> sw.path("last_reconcile")).filter(last -> last.path("dumped").asBoolean()
                        && Instant.parse(last.path("at").asText()).isAfter(now)).isPresent());
        JsonNode audit = sluice.switchOf("hv1").orElseThrow().path("last_reconcile");
        assertThat(audit.path("meter_changes").asInt()).as("meter changes found by the audit: %s", audit).isZero();
        assertThat(audit.path("flows_added").asInt() + audit.path("flows_modified").asInt()).as("%s", audit).isZero();
    }

    @Test
    @Order(2)
    void othersLeaseResolveAndPingWhileOneVmFloodsDhcpAndArp() throws Exception {
        int x = ofport("hv1", "x");
        Path flooderLog = sluice.workDir().resolve("flood.txt");
        Process flood = flood("x", FLOOD_SECONDS, flooderLog);
        try {
            Thread.sleep(2000);
            long[] metersBefore = meterCounts("hv1", x);
            long beforeAt = System.nanoTime();

            String seenAtY = bed.exec("vm-y", "timeout", "5", "tcpdump", "-i", "eth0", "-n", "-q", "-w", "/dev/null",
                    "arp and ether src " + vms.mac("x")).output();
            long arpAtY = count(seenAtY, "(\\d+) packets? captured");

            long yLeaseMs = lease("y");
            long zLeaseMs = lease("z");
            bed.exec("vm-y", "ip", "neigh", "flush", "all");
            bed.exec("vm-z", "ip", "neigh", "flush", "all");
            int[] yz = ping("vm-y", vms.ip("z"));
            int[] zy = ping("vm-z", vms.ip("y"));

            long[] metersAfter = meterCounts("hv1", x);
            double meteredSeconds = (System.nanoTime() - beforeAt) / 1e9;
            assertThat(flood.isAlive()).as("the flood still ran through the measurements").isTrue();
            flood.waitFor();
            long[] sentRates = sentRates(flooderLog);
            long dhcpRate = sentRates[0];
            long arpRate = sentRates[1];
            long arpIn = metersAfter[0] - metersBefore[0];
            long arpDropped = metersAfter[1] - metersBefore[1];
            long dhcpIn = metersAfter[2] - metersBefore[2];
            long dhcpDropped = metersAfter[3] - metersBefore[3];
            double arpPassed = (arpIn - arpDropped) / meteredSeconds;
            double dhcpPassed = (dhcpIn - dhcpDropped) / meteredSeconds;

            System.out.printf("hostile tenant: DHCP flood %d/s and ARP flood %d/s from x; x's meters passed %.1f"
                            + " DHCP/s and %.1f ARP/s (dropped %d and %d in %.1f s); x's ARP seen at y %.1f/s;"
                            + " y leased in %d ms, z in %d ms; ping loss y->z %d/%d, z->y %d/%d; load %s%n",
                    dhcpRate, arpRate, dhcpPassed, arpPassed, dhcpDropped, arpDropped, meteredSeconds, arpAtY / 5.0,
                    yLeaseMs, zLeaseMs, yz[0] - yz[1], yz[0], zy[0] - zy[1], zy[0], loadAverage());

            assertThat(dhcpRate).as("DHCP flood rate").isGreaterThan(1000);
            assertThat(arpRate).as("ARP flood rate").isGreaterThan(1000);
            assertThat(yLeaseMs).as("y's lease").isNotNegative();
            assertThat(zLeaseMs).as("z's lease").isNotNegative();
            assertThat(yz[1]).as("y->z replies").isEqualTo(PINGS);
            assertThat(zy[1]).as("z->y replies").isEqualTo(PINGS);
            assertThat(dhcpPassed).as("DHCP through x's meter per second").isLessThan(10 * 1.5);
            assertThat(arpPassed).as("ARP through x's meter per second").isLessThan(100 * 1.5);
            assertThat(arpAtY / 5.0).as("x's ARP reaching y per second").isLessThan(100 * 1.5 + 200 / 5.0);
            assertThat(Files.readString(sluice.workDir().resolve("controller.log")))
                    .as("the switch's PACKET_IN budget is never exhausted")
                    .doesNotContain("exceeds its PACKET_IN budget");
        } finally {
            Processes.stop(flood);
        }
    }

    @Test
    @Order(3)
    void aVmWearingAnothersMacAndIpGetsNothingThroughAndTheVictimGoesOn() throws Exception {
        bed.exec("vm-s", "ip", "link", "set", "eth0", "address", vms.mac("z"));
        bed.exec("vm-s", "ip", "addr", "flush", "dev", "eth0");
        bed.exec("vm-s", "ip", "addr", "add", vms.ip("z") + "/24", "dev", "eth0");
        bed.exec("vm-s", "ip", "neigh", "flush", "all");

        Path victimLog = sluice.workDir().resolve("victim-ping.txt");
        Process victim = bed.spawn(PREFIX + "-vm-z", List.of("ping", "-c", String.valueOf(PINGS), "-i", "0.1", "-W",
                "1", vms.ip("y")), victimLog);
        // Gratuitous ARP claiming z's address, then pings of y and x from z's MAC and IP.
        bed.exec("vm-s", "arping", "-U", "-c", "3", "-I", "eth0", vms.ip("z"));
        int[] spoofToY = ping("vm-s", vms.ip("y"));
        int[] spoofToX = ping("vm-s", vms.ip("x"));
        victim.waitFor();
        int[] victimToY = parse(Files.readString(victimLog));

        System.out.printf("hostile tenant: s with z's MAC and IP got %d/%d pings of y and %d/%d of x answered;"
                        + " z->y meanwhile lost %d/%d%n", spoofToY[1], spoofToY[0], spoofToX[1], spoofToX[0],
                victimToY[0] - victimToY[1], victimToY[0]);
        assertThat(spoofToY[1]).as("spoofer's pings of y answered").isZero();
        assertThat(spoofToX[1]).as("spoofer's pings of x answered").isZero();
        assertThat(victimToY[1]).as("victim z's pings of y answered").isEqualTo(PINGS);
    }

    @Test
    @Order(4)
    void aVmWithoutPortSecurityIsCutByItsArpMeterToo() throws Exception {
        int w = ofport("hv1", "w");
        Path log = sluice.workDir().resolve("flood-w.txt");
        Process flood = flood("w", 12, log);
        try {
            Thread.sleep(3000);
            long[] before = meterCounts("hv1", w);
            long beforeAt = System.nanoTime();
            String seenAtY = bed.exec("vm-y", "timeout", "5", "tcpdump", "-i", "eth0", "-n", "-q", "-w", "/dev/null",
                    "arp and ether src " + vms.mac("w")).output();
            long[] after = meterCounts("hv1", w);
            double seconds = (System.nanoTime() - beforeAt) / 1e9;
            flood.waitFor();
            long[] sent = sentRates(log);
            double arpPassed = (after[0] - before[0] - (after[1] - before[1])) / seconds;
            double atY = count(seenAtY, "(\\d+) packets? captured") / 5.0;
            System.out.printf("hostile tenant: w without port security flooded ARP %d/s; its meter passed %.1f/s;"
                    + " seen at y %.1f/s%n", sent[1], arpPassed, atY);
            assertThat(sent[1]).as("ARP flood rate").isGreaterThan(1000);
            assertThat(arpPassed).as("ARP through w's meter per second").isLessThan(100 * 1.5);
            assertThat(atY).as("w's ARP reaching y per second").isLessThan(100 * 1.5 + 200 / 5.0);
        } finally {
            Processes.stop(flood);
        }
    }

    /** Starts control_flood.py in a VM: {@value #FLOOD_RATE}/s of DHCP and of ARP from its own MAC and IP. */
    private Process flood(String vm, int seconds, Path log) throws IOException {
        return Processes.start(List.of(TestBedCli.projectRoot().resolve("scripts/testbed").toString(), "exec",
                "--prefix", PREFIX, "--host", "vm-" + vm, "--", "/usr/bin/python3", floodScript().toString(), "eth0",
                vms.mac(vm), vms.ip(vm), String.valueOf(FLOOD_RATE), String.valueOf(seconds)), log);
    }

    /** {DHCP/s, ARP/s} a finished flood sent, from its last line. */
    private static long[] sentRates(Path log) throws IOException {
        String sent = Files.readString(log);
        Matcher m = Pattern.compile("sent (\\d+) dhcp (\\d+) arp in ([\\d.]+) s").matcher(sent);
        assertThat(m.find()).as("flooder output: %s", sent).isTrue();
        double seconds = Double.parseDouble(m.group(3));
        return new long[] {Math.round(Long.parseLong(m.group(1)) / seconds),
            Math.round(Long.parseLong(m.group(2)) / seconds)};
    }

    /** Runs udhcpc on a VM (DHCP from scratch) and returns ms to its lease, or -1 if none came. */
    private long lease(String vm) {
        bed.exec("vm-" + vm, "ip", "addr", "flush", "dev", "eth0");
        long start = System.nanoTime();
        String out = bed.dhcp(vm);
        long ms = (System.nanoTime() - start) / 1_000_000;
        return out.contains("lease of " + vms.ip(vm) + " obtained") ? ms : -1;
    }

    /** {transmitted, received} of {@value #PINGS} pings 0.1 s apart from a namespace. */
    private int[] ping(String from, String address) {
        return parse(bed.exec(from, "ping", "-c", String.valueOf(PINGS), "-i", "0.1", "-W", "1", address).output());
    }

    private static int[] parse(String pingOutput) {
        Matcher m = LOSS.matcher(pingOutput);
        if (!m.find()) {
            throw new AssertionError("no ping summary in: " + pingOutput);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** {ARP in, ARP dropped, DHCP in, DHCP dropped} of a port's meters (ids 2·ofport and 2·ofport + 1). */
    private long[] meterCounts(String host, int ofport) {
        String stats = bed.ofctl(host, "meter-stats", "br-int");
        long[] counts = new long[4];
        Matcher m = METER_STATS.matcher(stats);
        while (m.find()) {
            long id = Long.parseLong(m.group(1));
            int slot = id == 2L * ofport ? 0 : id == 2L * ofport + 1 ? 2 : -1;
            if (slot >= 0) {
                counts[slot] = Long.parseLong(m.group(2));
                counts[slot + 1] = Long.parseLong(m.group(3));
            }
        }
        return counts;
    }

    private int ofport(String host, String vm) {
        return Integer.parseInt(bed.exec(host, "ovs-vsctl", "--bare", "--columns=ofport", "find", "Interface",
                "external_ids:iface-id=" + vms.id(vm)).output().strip());
    }

    private static long count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " (1-min load, 2 cores)";
    }

    private Path floodScript() throws IOException {
        Path script = sluice.workDir().resolve("control_flood.py");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/e2e/control_flood.py"))) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }
}
