package io.sluice.dataplane.agent;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;
import static io.sluice.dataplane.ovsdb.VswitchSchema.INTERFACE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.PORT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.testing.Await;
import io.sluice.dataplane.testing.OvsTestBed;
import io.sluice.dataplane.testing.RequiresOvs;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's tunnel port and VM port reports against real OVS and a fake controller. VM ports are plugged
 * the way os-vif does it, over one persistent OVSDB connection, as internal interfaces (no veth needed), so
 * plug-to-report latency is the agent's, not ovs-vsctl's.
 */
@RequiresOvs(root = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAgentPortsE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String TUNNEL = "vxlan-sluice";
    private static final int BURST = 50;
    private static final int SEQUENTIAL = 30;
    private static final Logger log = LoggerFactory.getLogger(NodeAgentPortsE2ETest.class);

    private final EventLoopGroup group = new EpollEventLoopGroup(1);
    /** When each interface got its ofport, as a second monitor saw it: the agent can report no earlier. */
    private final Map<String, Long> numberedAt = new ConcurrentHashMap<>();
    private AgentOnOvs ovs;
    private OvsTestBed bed;
    private OvsdbClient osVif;
    private FakeController controller;
    private NodeAgent agent;

    @BeforeAll
    void start() throws Exception {
        ovs = AgentOnOvs.start(OvsTestBed.PREFIX, 500);
        bed = ovs.bed();
        controller = ovs.controller();
        osVif = OvsdbClient.connect(group, bed.socket(), new ObjectMapper()).get(5, TimeUnit.SECONDS);
        osVif.monitor(DB, "numbered", Map.of(INTERFACE, List.of("name", "ofport")), updates -> updates.stream()
                .filter(u -> !u.isDelete() && Atoms.optionalInt(u.column("ofport")).orElse(-1) > 0)
                .forEach(u -> numberedAt.putIfAbsent(u.column("name").asText(), System.nanoTime())))
                .get(5, TimeUnit.SECONDS);
        agent = ovs.agent("198.51.100.22", Map.of(), "hv-ports");
    }

    @AfterAll
    void stop() {
        if (osVif != null) {
            osVif.close();
        }
        if (ovs != null) {
            ovs.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @Order(1)
    void ensuresAFlowBasedVxlanPortAndRegistersItsNumber() throws Exception {
        AgentInfo info = agent.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(info.tunnelPorts()).isEqualTo(Map.of("vxlan", 65000, "mplsogre", 65001));
        assertThat(bed.vsctl("get", "Interface", TUNNEL, "type")).isEqualTo("vxlan");
        assertThat(bed.vsctl("get", "Interface", TUNNEL, "options"))
                .isEqualTo("{key=flow, remote_ip=flow}");
        assertThat(bed.vsctl("get", "Interface", TUNNEL, "ofport")).isEqualTo("65000");
        assertThat(bed.vsctl("port-to-br", TUNNEL)).isEqualTo("br-int");
        Await.until(TIMEOUT, "the (empty) full port list", () -> controller.portUpdates().size() == 1);
        assertThat(controller.registrations()).containsExactly(info);
        assertThat(controller.reports(controller.portUpdates().get(0))).isEmpty();
    }

    @Test
    @Order(2)
    void repairsAnEditedTunnelPortAndKeepsTheOperatorsOptions() throws Exception {
        bed.vsctl("set", "Interface", TUNNEL, "options:remote_ip=203.0.113.1", "options:dst_port=9999",
                "options:tos=inherit", "options:local_ip=198.51.100.22");

        Await.until(TIMEOUT, "options repaired", () -> bed.vsctlOrEmpty("get", "Interface", TUNNEL, "options")
                .equals("{key=flow, remote_ip=flow, tos=inherit}"));
    }

    @Test
    @Order(3)
    void recreatesADeletedTunnelPortAndRegistersTheNumberOvsGaveIt() throws Exception {
        // Someone takes 65000 as the tunnel port goes: the re-created port gets another number, reported as is.
        bed.vsctl("del-port", "br-int", TUNNEL, "--", "add-port", "br-int", "squat", "--", "set", "Interface",
                "squat", "type=internal", "ofport_request=65000");

        Await.until(TIMEOUT, "registration of the new number", () -> lastTunnelPort().filter(n -> n != 65000)
                .filter(n -> String.valueOf(n).equals(bed.vsctlOrEmpty("get", "Interface", TUNNEL, "ofport")))
                .isPresent());

        bed.vsctl("del-port", "br-int", "squat");
        Await.until(TIMEOUT, "65000 back and registered", () -> lastTunnelPort().equals(Optional.of(65000)));
        assertThat(bed.vsctl("get", "Interface", TUNNEL, "ofport")).isEqualTo("65000");
    }

    @Test
    @Order(4)
    void reportsAPluggedPortOnceNumberedAndItsUnplug() throws Exception {
        String portId = "0a1b2c3d-0000-4000-8000-000000000001";
        long plugged = System.nanoTime();
        plug(portId, "fa:16:3e:00:01:01").get(5, TimeUnit.SECONDS);

        Await.until(TIMEOUT, "the plug's report", () -> firstReport(portId, true).isPresent());
        FakeController.Received update = firstReport(portId, true).orElseThrow();
        PortReport report = controller.reports(update).stream().filter(r -> r.portId().equals(portId)).findFirst()
                .orElseThrow();
        assertThat(report.isUsable()).isTrue();
        assertThat(report.host()).isEqualTo("hv-ports");
        assertThat(report.attachedMac()).isEqualTo("fa:16:3e:00:01:01");
        assertThat(String.valueOf(report.ofport())).isEqualTo(bed.vsctl("get", "Interface", tap(portId), "ofport"));
        log.info("plug -> usable report: {} ms, of which ovs-vswitchd numbering the port {} ms",
                (update.nanoTime() - plugged) / 1e6, (numberedAt.get(tap(portId)) - plugged) / 1e6);

        long unplugged = System.nanoTime();
        unplug(portId);
        Await.until(TIMEOUT, "the unplug's report", () -> firstReport(portId, false).isPresent());
        FakeController.Received gone = firstReport(portId, false).orElseThrow();
        log.info("unplug -> present=false report: {} ms", (gone.nanoTime() - unplugged) / 1e6);
        assertThat(controller.portsHeld()).doesNotContainKey(portId);
    }

    @Test
    @Order(5)
    void reportsABurstOfPlugsInFewNotifications() throws Exception {
        int before = controller.portUpdates().size();
        List<String> portIds = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        List<CompletableFuture<?>> plugs = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String portId = String.format("1b%06d-2c3d-4000-8000-000000000000", i);
            portIds.add(portId);
            sent.add(System.nanoTime());
            plugs.add(plug(portId, String.format("fa:16:3e:00:02:%02x", i)));
        }
        CompletableFuture.allOf(plugs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        Await.until(TIMEOUT, "all reported", () -> portIds.stream().allMatch(id -> firstReport(id, true).isPresent()));
        int notifications = controller.portUpdates().size() - before;
        log.info("burst of {} plugs in {} notifications: {}", BURST, notifications, latencies(portIds, sent));
        assertThat(notifications).isLessThan(BURST);
        assertThat(controller.portsHeld()).containsOnlyKeys(portIds);
    }

    @Test
    @Order(6)
    void reportsPlugsOneAtATimePromptly() throws Exception {
        List<String> portIds = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < SEQUENTIAL; i++) {
            String portId = String.format("1c%06d-2c3d-4000-8000-000000000000", i);
            portIds.add(portId);
            sent.add(System.nanoTime());
            plug(portId, String.format("fa:16:3e:00:03:%02x", i)).get(5, TimeUnit.SECONDS);
            Await.until(TIMEOUT, "the report", () -> firstReport(portId, true).isPresent());
        }
        log.info("{} plugs one at a time: {}", SEQUENTIAL, latencies(portIds, sent));
        assertThat(controller.portsHeld()).hasSize(BURST + SEQUENTIAL);
    }

    /** Plug to report, and the agent's share of it: from ovs-vswitchd numbering the port to the report. */
    private String latencies(List<String> portIds, List<Long> sent) {
        List<Double> total = new ArrayList<>();
        List<Double> agent = new ArrayList<>();
        for (int i = 0; i < portIds.size(); i++) {
            long reported = firstReport(portIds.get(i), true).orElseThrow().nanoTime();
            total.add((reported - sent.get(i)) / 1e6);
            agent.add((reported - numberedAt.get(tap(portIds.get(i)))) / 1e6);
        }
        return String.format("plug -> usable report p50 %.1f ms, p99 %.1f ms; ofport in OVSDB -> report p50 %.1f ms,"
                + " p99 %.1f ms", percentile(total, 50), percentile(total, 99), percentile(agent, 50),
                percentile(agent, 99));
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    }

    @Test
    @Order(7)
    void reRegistersAfterAControllerRestartAndReportsEveryPortAgain() throws Exception {
        Map<String, PortReport> held = controller.portsHeld();
        int port = controller.port();
        controller.stop();
        controller.listen(port);

        Await.until(TIMEOUT, "a full list on the new connection", () -> controller.received().stream()
                .anyMatch(r -> r.connection() > 1 && r.method().equals("port_update")));
        List<String> onNewConnection = controller.received().stream().filter(r -> r.connection() > 1)
                .map(FakeController.Received::method).filter(method -> !method.equals("heartbeat")).toList();
        assertThat(onNewConnection).startsWith("register", "port_update");
        FakeController.Received fullList = controller.received().stream()
                .filter(r -> r.connection() > 1 && r.method().equals("port_update")).findFirst().orElseThrow();
        assertThat(controller.reports(fullList)).hasSize(BURST + SEQUENTIAL)
                .containsExactlyInAnyOrderElementsOf(held.values());
    }

    @Test
    @Order(8)
    void anOvsdbServerRestartReportsOnlyWhatChanged() throws Exception {
        int before = controller.portUpdates().size();
        bed.restartOvsdbServer();
        osVif.close();
        osVif = OvsdbClient.connect(group, bed.socket(), new ObjectMapper()).get(5, TimeUnit.SECONDS);

        String portId = "2c3d4e5f-0000-4000-8000-000000000001";
        plug(portId, "fa:16:3e:00:03:01").get(5, TimeUnit.SECONDS);
        Await.until(TIMEOUT, "the new port's report", () -> firstReport(portId, true).isPresent());

        List<PortReport> since = controller.portUpdates().subList(before, controller.portUpdates().size()).stream()
                .flatMap(update -> controller.reports(update).stream()).toList();
        assertThat(since).extracting(PortReport::portId).containsExactly(portId);
    }

    /** os-vif's plug: the interface named tap + 11 characters of the port id, with its external ids. */
    private CompletableFuture<?> plug(String portId, String mac) {
        String tap = tap(portId);
        ObjectNode iface = Ops.row().put("name", tap).put("type", "internal");
        iface.set("external_ids", Atoms.map(Map.of("iface-id", portId, "attached-mac", mac,
                "iface-status", "active", "vm-uuid", "9d8e7f60-0000-4000-8000-000000000000")));
        ObjectNode port = Ops.row().put("name", tap);
        port.set("interfaces", Atoms.set(Atoms.namedUuid("iface")));
        return osVif.transact(DB, List.of(
                Ops.insert(INTERFACE, iface, "iface"),
                Ops.insert(PORT, port, "port"),
                Ops.mutate(BRIDGE, Ops.where(Ops.eq("name", "br-int")),
                        List.of(Ops.mutation("ports", "insert", Atoms.set(Atoms.namedUuid("port")))))));
    }

    private void unplug(String portId) throws Exception {
        String portUuid = Atoms.uuidOf(osVif.transact(DB, Ops.select(PORT, Ops.where(Ops.eq("name", tap(portId))),
                List.of("_uuid"))).get(5, TimeUnit.SECONDS).get(0).get("rows").get(0).get("_uuid"));
        osVif.transact(DB, Ops.mutate(BRIDGE, Ops.where(Ops.eq("name", "br-int")),
                List.of(Ops.mutation("ports", "delete", Atoms.set(Atoms.uuid(portUuid)))))).get(5, TimeUnit.SECONDS);
    }

    private static String tap(String portId) {
        return "tap" + portId.substring(0, 11);
    }

    /** The first port_update telling the port usable (or, for {@code present} false, gone). */
    private Optional<FakeController.Received> firstReport(String portId, boolean present) {
        return controller.portUpdates().stream().filter(update -> controller.reports(update).stream()
                .anyMatch(r -> r.portId().equals(portId) && (present ? r.isUsable() : !r.present()))).findFirst();
    }

    private Optional<Integer> lastTunnelPort() {
        List<AgentInfo> registrations = controller.registrations();
        return Optional.ofNullable(registrations.get(registrations.size() - 1).tunnelPorts().get("vxlan"));
    }
}
