package io.sluice.dataplane.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.dataplane.testing.RequiresOvs;
import io.sluice.models.l3.RouterPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real router namespace between three client namespaces ({@code hb-vm-left} 10.0.1.5, {@code hb-vm-right}
 * 10.0.2.5, {@code hb-ext} 203.0.113.100), its legs plugged into Linux bridges in place of br-int: routing,
 * SNAT, floating IPs both ways, port forwarding, conntrack clean-up, idempotence, trusted state and audit, removal. Everything is named {@code hb-}.
 */
@RequiresOvs(root = true, tools = {"ip", LinuxRouterNamespaces.IPTABLES_RESTORE, LinuxRouterNamespaces.IPTABLES_SAVE,
        "conntrack", "ethtool", "arping", "/usr/bin/python3"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterNamespacesE2ETest {
    private static final RouterNaming NAMING = new RouterNaming("hb-qrouter-", "hb-");
    private static final String NAMESPACE = NAMING.namespace(Plans.ROUTER);
    private static final RouterPlan.FloatingNat FIP = new RouterPlan.FloatingNat("203.0.113.20", "10.0.1.5");
    private static final String FORWARD_IP = "203.0.113.21";
    private static final int PORT = 5001;
    private static final int RUNS = 50;
    private static final String SERVER = """
            import socket, sys, threading
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('0.0.0.0', int(sys.argv[1]))); s.listen(16)
            def serve(c, a):
                c.sendall((a[0] + '\\n').encode())
                while True:
                    d = c.recv(100)
                    if not d: break
                    c.sendall(d)
            while True:
                c, a = s.accept(); threading.Thread(target=serve, args=(c, a), daemon=True).start()
            """;
    /** Prints the address the server saw, then for each stdin line sends a byte: "ok" if echoed, else "dead". */
    private static final String CLIENT = """
            import socket, sys
            c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
            f = c.makefile('r'); print(f.readline().strip(), flush=True)
            for line in sys.stdin:
                try:
                    c.sendall(b'x'); print('ok' if c.recv(1) == b'x' else 'dead', flush=True)
                except OSError:
                    print('dead', flush=True)
            """;

    private static final RecordingRunner runner = new RecordingRunner();
    private static final List<Process> servers = new ArrayList<>();
    private static LinuxRouterNamespaces routers;
    private static Path scripts;

    @BeforeAll
    static void bed() throws IOException {
        cleanUp();
        scripts = Files.createTempDirectory("hb-l3-");
        Files.writeString(scripts.resolve("server.py"), SERVER);
        Files.writeString(scripts.resolve("client.py"), CLIENT);
        client("hb-vm-left", "hb-vm-l", "hb-brl", "10.0.1.5/24", "10.0.1.1", 1450);
        client("hb-vm-right", "hb-vm-r", "hb-brr", "10.0.2.5/24", "10.0.2.1", 1450);
        client("hb-ext", "hb-vm-e", "hb-bre", "203.0.113.100/24", null, 1500);
        for (String ns : List.of("hb-vm-left", "hb-vm-right", "hb-ext")) {
            servers.add(new ProcessBuilder("ip", "netns", "exec", ns, "/usr/bin/python3",
                    scripts.resolve("server.py").toString(), "" + PORT).redirectErrorStream(true).start());
        }
        routers = new LinuxRouterNamespaces(NAMING, runner, new BridgePlug(runner, Map.of(Plans.LEFT_PORT, "hb-brl",
                Plans.RIGHT_PORT, "hb-brr", Plans.GATEWAY_PORT, "hb-bre")));
    }

    @AfterAll
    static void tearDown() throws IOException {
        servers.forEach(Process::destroyForcibly);
        cleanUp();
        if (scripts != null) {
            Files.deleteIfExists(scripts.resolve("server.py"));
            Files.deleteIfExists(scripts.resolve("client.py"));
            Files.deleteIfExists(scripts);
        }
    }

    @Test
    @Order(1)
    void routesBetweenSubnetsAndSnatsToTheGateway() throws Exception {
        assertThat(routers.apply(Plans.router()).createNamespace()).isTrue();

        assertThat(sh("ip", "netns", "exec", "hb-vm-left", "ping", "-c", "1", "-W", "2", "10.0.2.5").exitCode())
                .isZero();
        assertThat(seenBy("hb-vm-left", "10.0.2.5")).as("TCP across the router keeps addresses").isEqualTo("10.0.1.5");
        assertThat(seenBy("hb-vm-left", "203.0.113.100")).as("SNAT to the gateway").isEqualTo("203.0.113.10");
        assertThat(seenBy("hb-vm-right", "203.0.113.100")).as("shared exit address").isEqualTo("203.0.113.10");
    }

    @Test
    @Order(2)
    void applyingTheSamePlanAgainRunsNothingAndTheTrustedStateIsWhatIsThere() {
        runner.drain();

        assertThat(routers.apply(Plans.router()).isEmpty()).isTrue();
        assertThat(runner.drain()).as("a trusted router is not even read").isEmpty();
        RouterState read = routers.read(Plans.ROUTER);
        assertThat(RouterPlanner.expected(NAMING, Plans.router(), read)).as("what the agent trusts").isEqualTo(read);

        routers.distrust();
        runner.drain();
        assertThat(routers.apply(Plans.router()).isEmpty()).isTrue();
        assertThat(runner.drain()).allMatch(RouterNamespacesE2ETest::isRead).hasSize(2);
    }

    @Test
    @Order(3)
    void aFloatingIpChangesOnlyItsOwnPiecesAndWorksBothWays() throws Exception {
        RouterChanges changes = routers.apply(Plans.router(List.of(FIP), List.of()));

        assertThat(changes.namespaceBatch()).containsExactly("addr add 203.0.113.20/32 dev qg-cccccccc-33");
        assertThat(changes.hostBatch()).isEmpty();
        assertThat(changes.plugs()).isEmpty();
        assertThat(sh("ip", "netns", "exec", "hb-ext", "ping", "-c", "1", "-W", "2", "203.0.113.20").exitCode())
                .isZero();
        assertThat(seenBy("hb-ext", "203.0.113.20")).as("DNAT keeps the caller's address").isEqualTo("203.0.113.100");
        assertThat(seenBy("hb-vm-left", "203.0.113.100")).as("outbound with the floating IP").isEqualTo("203.0.113.20");
        assertThat(seenBy("hb-vm-right", "203.0.113.100")).as("others still SNAT").isEqualTo("203.0.113.10");
    }

    @Test
    @Order(4)
    void removingTheFloatingIpStopsAnOpenConnection() throws Exception {
        Process client = new ProcessBuilder("ip", "netns", "exec", "hb-ext", "/usr/bin/python3",
                scripts.resolve("client.py").toString(), "203.0.113.20", "" + PORT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8)); Writer in = new OutputStreamWriter(client.getOutputStream(),
                StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).isEqualTo("203.0.113.100");
            assertThat(exchange(in, out)).isEqualTo("ok");

            RouterChanges changes = routers.apply(Plans.router());

            assertThat(changes.conntrackFlushes()).isNotEmpty();
            assertThat(changes.namespaceBatch()).containsExactly("addr del 203.0.113.20/32 dev qg-cccccccc-33");
            assertThat(exchange(in, out)).as("the open connection after removal").isEqualTo("dead");
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    @Order(5)
    void aPortForwardingReachesExactlyOnePortOfTheVm() {
        RouterPlan.Forward forward = new RouterPlan.Forward("tcp", FORWARD_IP, 8080, "10.0.2.5", PORT);
        routers.apply(Plans.router(List.of(), List.of(forward)));

        assertThat(seenBy("hb-ext", FORWARD_IP, 8080)).as("forwarded, caller's address kept")
                .isEqualTo("203.0.113.100");
        assertThat(connect("hb-ext", FORWARD_IP, PORT).exitCode()).as("the VM's own port is not forwarded")
                .isNotZero();
        assertThat(connect("hb-ext", FORWARD_IP, 8081).exitCode()).as("nor any other").isNotZero();
        assertThat(seenBy("hb-vm-right", "203.0.113.100")).as("the VM still leaves by the shared address")
                .isEqualTo("203.0.113.10");

        routers.apply(Plans.router());
        assertThat(connect("hb-ext", FORWARD_IP, 8080).exitCode()).as("after removal").isNotZero();
    }

    @Test
    @Order(6)
    void aFailedCommandMakesTheNextApplyReadTheNamespace() {
        RouterPlan full = Plans.router();
        RouterPlan unreachable = new RouterPlan(full.routerId(), full.interfaces(), full.gateway(),
                full.defaultNexthop(), true, full.snatSources(),
                List.of(new RouterPlan.StaticRoute("192.168.9.0/24", "198.51.100.1")), List.of(), List.of());

        assertThatThrownBy(() -> routers.apply(unreachable)).isInstanceOf(L3CommandException.class);
        runner.drain();
        routers.apply(full);

        assertThat(runner.drain()).anyMatch(RouterNamespacesE2ETest::isRead);
        assertThat(routers.apply(full).isEmpty()).isTrue();
    }

    @Test
    @Order(7)
    void anAuditRepairsWhatWasChangedBehindTheAgentsBack() {
        check("ip", "netns", "exec", NAMESPACE, "iptables-legacy", "-t", "nat", "-F", NatTable.SNAT);
        assertThat(connect("hb-vm-left", "203.0.113.100", PORT).stdout().strip()).as("drifted")
                .isNotEqualTo("203.0.113.10");
        assertThat(routers.apply(Plans.router()).isEmpty()).as("trusted, so not seen").isTrue();

        routers.distrust();
        RouterChanges repair = routers.apply(Plans.router());

        assertThat(repair.natRestore()).isNotNull();
        assertThat(seenBy("hb-vm-left", "203.0.113.100")).as("SNAT back").isEqualTo("203.0.113.10");
    }

    @Test
    @Order(8)
    void addingAndRemovingAFloatingIpIsFast() {
        RouterPlan without = Plans.router();
        RouterPlan with = Plans.router(List.of(FIP), List.of());
        List<Long> adds = new ArrayList<>();
        List<Long> removals = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            routers.apply(with);
            long added = System.nanoTime();
            routers.apply(without);
            adds.add((added - start) / 1_000);
            removals.add((System.nanoTime() - added) / 1_000);
        }
        String load = sh("cat", "/proc/loadavg").stdout().strip();
        System.out.printf("l3 fip apply over %d runs, load %s: add p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " removal p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", RUNS, load, percentile(adds, 50),
                percentile(adds, 99), percentile(adds, 100), percentile(removals, 50), percentile(removals, 99),
                percentile(removals, 100));
        assertThat(percentile(adds, 50)).as("median apply of one floating IP, ms").isLessThan(100);
    }

    @Test
    @Order(9)
    void removingTheRouterLeavesNothing() {
        routers.remove(Plans.ROUTER);

        assertThat(routers.routerIds()).doesNotContain(Plans.ROUTER);
        assertThat(Files.exists(Path.of("/run/netns", NAMESPACE))).isFalse();
        assertThat(sh("ip", "-o", "link", "show").stdout()).doesNotContain("hb-aaaaaaaa-11", "hb-bbbbbbbb-22",
                "hb-cccccccc-33");
    }

    private static boolean isRead(List<String> argv) {
        return argv.contains("sh") || argv.equals(List.of("ip", "-json", "link", "show"));
    }

    private static String exchange(Writer in, BufferedReader out) throws IOException {
        in.write("\n");
        in.flush();
        return out.readLine();
    }

    /** The address the server at {@code target} saw this client namespace's connection come from. */
    private static String seenBy(String namespace, String target) {
        return seenBy(namespace, target, PORT);
    }

    private static String seenBy(String namespace, String target, int port) {
        CommandRunner.Result result = connect(namespace, target, port);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().strip();
    }

    /** A TCP connection from the client namespace; exits non-zero when refused or not answered in 2 s. */
    private static CommandRunner.Result connect(String namespace, String target, int port) {
        return sh("ip", "netns", "exec", namespace, "/usr/bin/python3", scripts.resolve("client.py").toString(),
                target, "" + port);
    }

    /** The {@code p}th percentile (nearest rank) of microsecond samples, in milliseconds. */
    private static double percentile(List<Long> micros, int p) {
        List<Long> sorted = micros.stream().sorted().toList();
        int rank = Math.max(1, (int) Math.ceil(p / 100.0 * sorted.size()));
        return sorted.get(rank - 1) / 1000.0;
    }

    private static void client(String ns, String rootEnd, String bridge, String cidr, String gateway, int mtu) {
        check("ip", "netns", "add", ns);
        check("ip", "link", "add", bridge, "type", "bridge");
        check("ip", "link", "set", bridge, "up");
        check("ip", "link", "add", rootEnd, "mtu", "" + mtu, "type", "veth", "peer", "name", "eth0", "mtu", "" + mtu,
                "netns", ns);
        check("ip", "link", "set", rootEnd, "master", bridge, "up");
        check("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off");
        check("ip", "-n", ns, "addr", "add", cidr, "dev", "eth0");
        check("ip", "-n", ns, "link", "set", "eth0", "up");
        check("ip", "-n", ns, "link", "set", "lo", "up");
        if (gateway != null) {
            check("ip", "-n", ns, "route", "add", "default", "via", gateway);
        }
    }

    private static void cleanUp() {
        for (String ns : List.of("hb-vm-left", "hb-vm-right", "hb-ext", NAMESPACE)) {
            sh("ip", "netns", "delete", ns);
        }
        for (String link : List.of("hb-brl", "hb-brr", "hb-bre", "hb-vm-l", "hb-vm-r", "hb-vm-e")) {
            sh("ip", "link", "delete", link);
        }
    }

    private static CommandRunner.Result sh(String... argv) {
        return new ProcessRunner().run(List.of(argv), null);
    }

    private static void check(String... argv) {
        CommandRunner.Result result = sh(argv);
        assertThat(result.exitCode()).as(String.join(" ", argv) + ": " + result.stderr()).isZero();
    }
}
