package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The keepalive judges silence on the real monotonic clock ({@code System.nanoTime}), as Netty 4.1's
 * IdleStateHandler does, so EmbeddedChannel's {@code advanceTimeBy} cannot move it. Reader-idle events
 * are fired by hand, and the two tests about elapsed silence wait {@link #DEAD} of real time.
 */
class KeepaliveHandlerTest {
    private static final DatapathId DPID = DatapathId.of(1);
    private static final Duration DEAD = Duration.ofMillis(100);
    private static final byte[] DATA = {1, 2, 3, 4, 5};

    @Test
    void echoRequestIsAnsweredDuringTheHandshake() {
        FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), new SwitchListener() { });
        assertThat(sw.received()).singleElement().isInstanceOf(OFHello.class);
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(FakeSwitch.versionBitmap(4))).build());
        OFFeaturesRequest featuresRequest = sw.receivedOnly(OFFeaturesRequest.class);

        sw.send(OF13.buildEchoRequest().setXid(77).setData(DATA).build());

        OFEchoReply reply = sw.receivedOnly(OFEchoReply.class);
        assertThat(reply.getXid()).isEqualTo(77);
        assertThat(reply.getData()).isEqualTo(DATA);
        assertThat(sw.channel().isActive()).isTrue();
        // The handshake never saw the echo: it still completes from FEATURES_REPLY.
        sw.send(FakeSwitch.features(featuresRequest.getXid(), DPID));
        assertThat(sw.received()).singleElement().isInstanceOf(OFPortDescStatsRequest.class);
    }

    @Test
    void echoRequestIsAnsweredAfterTheHandshakeWithoutReachingTheSession() {
        List<Object> packetIns = new ArrayList<>();
        FakeSwitch sw = FakeSwitch.connected(DPID, new SwitchListener() {
            @Override
            public void packetIn(SwitchSession session, OFPacketIn packetIn) {
                packetIns.add(packetIn);
            }
        });

        sw.send(OF13.buildEchoRequest().setXid(0xFFFFFFFEL).setData(DATA).build());

        OFEchoReply reply = sw.receivedOnly(OFEchoReply.class);
        assertThat(reply.getXid()).isEqualTo(0xFFFFFFFEL);
        assertThat(reply.getData()).isEqualTo(DATA);
        assertThat(sw.channel().isActive()).isTrue();
        assertThat(packetIns).isEmpty();
    }

    @Test
    void echoReplyIsAnsweredInTheRequestsVersion() {
        EmbeddedChannel channel = keepaliveOnly(Duration.ofHours(1));
        channel.writeInbound(OFFactories.getFactory(OFVersion.OF_14)
                .buildEchoRequest().setXid(5).setData(DATA).build());
        OFEchoReply reply = channel.readOutbound();
        assertThat(reply.getVersion()).isEqualTo(OFVersion.OF_14);
        assertThat(reply.getXid()).isEqualTo(5);
    }

    @Test
    void readerIdleSendsAnEchoRequest() {
        FakeSwitch sw = FakeSwitch.connected(DPID, new SwitchListener() { });

        sw.channel().pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        OFEchoRequest first = sw.receivedOnly(OFEchoRequest.class);
        sw.channel().pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        OFEchoRequest second = sw.receivedOnly(OFEchoRequest.class);

        assertThat(first.getVersion()).isEqualTo(OFVersion.OF_13);
        assertThat(second.getXid()).isNotEqualTo(first.getXid());
        assertThat(sw.channel().isActive()).isTrue();

        // The switch's echo reply is consumed by the keepalive, not passed to the session.
        sw.send(OF13.buildEchoReply().setXid(first.getXid()).setData(first.getData()).build());
        assertThat(sw.received()).isEmpty();
        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void writerIdleAndOtherEventsPassThrough() {
        EmbeddedChannel channel = keepaliveOnly(Duration.ZERO);
        List<Object> events = new ArrayList<>();
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }
        });
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);
        channel.pipeline().fireUserEventTriggered("something else");
        assertThat(events).containsExactly(IdleStateEvent.WRITER_IDLE_STATE_EVENT, "something else");
        assertThat(channel.isActive()).as("only reader idle counts as silence").isTrue();
    }

    @Test
    void silenceOfTheDeadTimeoutCloses() throws InterruptedException {
        EmbeddedChannel channel = keepaliveOnly(DEAD);
        waitPast(DEAD);

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);

        assertThat(channel.isActive()).isFalse();
        assertThat((Object) channel.readOutbound()).as("no probe to a dead switch").isNull();
    }

    @Test
    void aReadResetsTheSilence() throws InterruptedException {
        EmbeddedChannel channel = keepaliveOnly(DEAD);
        waitPast(DEAD);

        channel.writeInbound(OF13.buildEchoReply().setXid(1).setData(new byte[0]).build());
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);

        assertThat(channel.isActive()).isTrue();
        assertThat((Object) channel.readOutbound()).isInstanceOf(OFEchoRequest.class);

        waitPast(DEAD);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(channel.isActive()).as("silent again for the dead timeout").isFalse();
    }

    /** A channel with the keepalive alone, whose outbound holds OpenFlowJ messages. */
    private static EmbeddedChannel keepaliveOnly(Duration dead) {
        return new EmbeddedChannel(new KeepaliveHandler(dead));
    }

    private static void waitPast(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        }
    }
}
