package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static io.sluice.controller.pipeline.TestFlows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.reconcile.Reconciler;
import io.sluice.controller.reconcile.SwitchState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Hostile peers against a real {@link OpenFlowServer} on loopback, each next to a well-behaved switch
 * connected to the same server: the bad connection is closed (or, flooding, throttled) and the good
 * switch keeps its very session, answers nothing late, and is still reconciled to a changed model.
 */
class HostilePeersTest {
    private static final DatapathId GOOD = DatapathId.of(0x600dL);
    private static final DatapathId FLOODER = DatapathId.of(0xf100dL);
    private static final FlowSpec FIRST = flow("10.0.0.1", 1);
    private static final FlowSpec SECOND = flow("10.0.0.2", 2);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1500);
    /** Well under the handshake timeout: a close this fast was the controller's verdict, not the timer. */
    private static final Duration AT_ONCE = Duration.ofMillis(700);
    private static final Duration SOON = Duration.ofSeconds(5);

    private final SwitchRegistry registry = new SwitchRegistry(Duration.ofMillis(500));
    private final AtomicReference<SwitchState> desired = new AtomicReference<>(state(FIRST));
    private final Reconciler reconciler = new Reconciler(dpid -> desired.get(), dpid -> true, 0);
    private final Map<DatapathId, AtomicLong> delivered = new ConcurrentHashMap<>();
    private final List<AutoCloseable> peers = new ArrayList<>();
    private OpenFlowServer server;
    private InetSocketAddress address;
    private TcpSwitch good;
    private SwitchSession goodSession;

    @BeforeEach
    void startServerAndGoodSwitch() throws Exception {
        registry.addListener(reconciler);
        registry.addListener(new SwitchListener() {
            @Override
            public void packetIn(SwitchSession session, OFPacketIn packetIn) {
                delivered.computeIfAbsent(session.dpid(), d -> new AtomicLong()).incrementAndGet();
            }
        });
        OpenFlowConfig config = FakeSwitch.config().withListen(new InetSocketAddress("127.0.0.1", 0))
                .withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(3)).withHandshakeTimeout(HANDSHAKE_TIMEOUT);
        server = new OpenFlowServer(config, registry);
        address = server.start();
        good = peer(TcpSwitch.connect(GOOD, address));
        assertThat(good.awaitMaster(SOON)).isTrue();
        await("the good switch is reconciled", () -> hasFlow(good, FIRST));
        goodSession = registry.session(GOOD).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable peer : peers) {
            peer.close();
        }
        server.close();
    }

    @Test
    void garbageBytesClose() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(6).nextBytes(garbage);
        RawPeer peer = peer(new RawPeer(address));

        peer.send(garbage);

        // Closed at the first whole frame, or at the handshake timeout when the garbage's first length
        // field promises more bytes than ever come.
        assertThat(peer.awaitClosed(HANDSHAKE_TIMEOUT.plusSeconds(1))).isTrue();
        assertGoodSwitchUnaffected();
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 3, 4, 7})
    void lengthShorterThanAHeaderCloses(int length) throws Exception {
        RawPeer peer = peer(new RawPeer(address));

        peer.send(new byte[] {4, 0, 0, (byte) length, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThat(peer.awaitClosed(AT_ONCE)).isTrue();
        assertGoodSwitchUnaffected();
    }

    @Test
    void lengthClaimingMoreThanEverArrivesClosesAtTheHandshakeTimeout() throws Exception {
        RawPeer peer = peer(new RawPeer(address));
        byte[] start = new byte[100];
        ByteBuffer.wrap(start).put((byte) 4).put((byte) 0).putShort((short) 0xFFFF).putInt(1);

        peer.send(start);

        assertThat(peer.awaitClosed(AT_ONCE)).as("waiting for the rest of the frame").isFalse();
        assertThat(peer.awaitClosed(HANDSHAKE_TIMEOUT)).isTrue();
        assertGoodSwitchUnaffected();
    }

    @Test
    void helloOfAnotherVersionCloses() throws Exception {
        RawPeer peer = peer(new RawPeer(address));

        peer.send(OFFactories.getFactory(OFVersion.OF_10).buildHello().setXid(1).build());

        assertThat(peer.awaitClosed(AT_ONCE)).isTrue();
        assertGoodSwitchUnaffected();
    }

    @Test
    void messagesBeforeHelloClose() throws Exception {
        RawPeer peer = peer(new RawPeer(address));

        peer.send(OF13.buildEchoRequest().setXid(1).setData(new byte[0]).build());

        assertThat(peer.awaitClosed(AT_ONCE)).isTrue();
        assertGoodSwitchUnaffected();
    }

    @Test
    void aControllerMessageBeforeFeaturesReplyCloses() throws Exception {
        RawPeer peer = peer(new RawPeer(address));

        peer.send(OF13.buildHello().setXid(1).setElements(List.of(FakeSwitch.versionBitmap(4))).build())
                .send(OF13.buildFlowAdd().setXid(2).setMatch(FIRST.match()).build());

        assertThat(peer.awaitClosed(AT_ONCE)).isTrue();
        assertGoodSwitchUnaffected();
    }

    @Test
    void aSilentConnectionClosesAtTheHandshakeTimeout() throws Exception {
        RawPeer silent = peer(new RawPeer(address));
        RawPeer helloOnly = peer(new RawPeer(address));
        helloOnly.send(OF13.buildHello().setXid(1).setElements(List.of(FakeSwitch.versionBitmap(4))).build());

        assertThat(silent.awaitClosed(HANDSHAKE_TIMEOUT.plusSeconds(1))).isTrue();
        assertThat(helloOnly.awaitClosed(Duration.ofMillis(500))).isTrue();
        assertGoodSwitchUnaffected();
    }

    @Test
    void aDuplicateDatapathIdIsRefusedWhileTheSwitchIsAlive() throws Exception {
        TcpSwitch impostor = peer(TcpSwitch.connect(GOOD, address));

        assertThat(impostor.awaitClosed(SOON)).isTrue();
        assertThat(impostor.flowMods()).as("never reconciled as the switch").isEmpty();
        assertGoodSwitchUnaffected();
    }

    @Test
    void aSwitchWhoseOldConnectionHungTakesOverAfterTheProbe() throws Exception {
        good.goMute();
        TcpSwitch reconnected = peer(TcpSwitch.connect(GOOD, address));

        await("the new connection is the switch's session",
                () -> registry.session(GOOD).filter(s -> s != goodSession).isPresent());
        assertThat(good.awaitClosed(SOON)).as("the hung connection is closed").isTrue();
        await("the new connection is reconciled", () -> hasFlow(reconnected, FIRST));
    }

    @Test
    void aPacketInFloodIsThrottledNotQueuedAndTheOtherSwitchKeepsItsPace() throws Exception {
        TcpSwitch flooder = peer(TcpSwitch.connect(FLOODER, address));
        await("the flooder is connected", () -> registry.session(FLOODER).isPresent());
        SwitchSession flooderSession = registry.session(FLOODER).orElseThrow();
        List<byte[]> frames = List.of(PacketInFrames.dhcpDiscover(5), PacketInFrames.other(5));
        int bursts = 20;
        int perBurst = 1000;

        long start = System.nanoTime();
        Thread flood = new Thread(() -> {
            try {
                for (int i = 0; i < bursts; i++) {
                    flooder.flood(frames, perBurst);
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        flood.start();
        Duration slowestEcho = Duration.ZERO;
        while (flood.isAlive()) {
            Optional<Duration> rtt = good.echo(Duration.ofSeconds(1));
            assertThat(rtt).as("echo answered during the flood").isPresent();
            slowestEcho = rtt.get().compareTo(slowestEcho) > 0 ? rtt.get() : slowestEcho;
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long sent = (long) bursts * perBurst;
        await("every flooded PACKET_IN delivered or dropped",
                () -> count(FLOODER) + flooderSession.packetInsDropped() == sent);
        double seconds = (System.nanoTime() - start) / 1e9;

        long budget = OpenFlowConfig.DEFAULT_PACKET_IN_BUDGET.burst()
                + (long) Math.ceil(OpenFlowConfig.DEFAULT_PACKET_IN_BUDGET.perSecond() * seconds);
        assertThat(count(FLOODER)).as("delivered within the budget over %.2f s", seconds).isLessThanOrEqualTo(budget);
        assertThat(flooderSession.packetInsDropped()).isGreaterThanOrEqualTo(sent - budget);
        assertThat(flooderSession.isActive()).as("throttled, not closed").isTrue();
        assertThat(slowestEcho).as("the good switch's slowest echo during the flood").isLessThan(Duration.ofMillis(500));
        System.out.printf("flood: %d PACKET_INs in %.2f s, %d delivered, %d dropped, slowest echo of the other "
                + "switch %d ms%n", sent, seconds, count(FLOODER), flooderSession.packetInsDropped(),
                slowestEcho.toMillis());
        assertGoodSwitchUnaffected();
    }

    /** Its session is the one it had, echoes are answered, and a model change still reaches its flows. */
    private void assertGoodSwitchUnaffected() throws Exception {
        assertThat(registry.session(GOOD)).containsSame(goodSession);
        assertThat(goodSession.isActive()).isTrue();
        assertThat(good.echo(Duration.ofSeconds(1))).as("echo answered").isPresent();
        desired.set(state(FIRST, SECOND));
        reconciler.modelChanged().get(5, TimeUnit.SECONDS);
        await("the good switch is reconciled to the changed model", () -> hasFlow(good, SECOND));
    }

    private long count(DatapathId dpid) {
        return delivered.getOrDefault(dpid, new AtomicLong()).get();
    }

    private <T extends AutoCloseable> T peer(T peer) {
        peers.add(peer);
        return peer;
    }

    private static SwitchState state(FlowSpec... flows) {
        return SwitchState.of(List.of(flows), List.of());
    }

    private static boolean hasFlow(TcpSwitch sw, FlowSpec flow) {
        return sw.flowMods().stream().anyMatch(m -> m.getTableId().getValue() == flow.tableId()
                && m.getMatch().equals(flow.match()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
