package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static io.sluice.controller.openflow.FakeSwitch.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;

class OfCodecTest {
    /** An ONF bundle control reply (COMMIT_REPLY), which OpenFlowJ 3.2 cannot parse. */
    private static final byte[] BUNDLE_COMMIT_REPLY = {
            4, 4, 0, 24, 0, 0, 0, 9, // OF 1.3, EXPERIMENTER, length 24, xid 9
            0x4F, 0x4E, 0x46, 0, // ONF
            0, 0, 0x08, (byte) 0xFC, // exp_type 2300: bundle control
            0, 0, 0, 3, // bundle id
            0, 5, 0, 3}; // COMMIT_REPLY, flags ATOMIC|ORDERED

    /** Frame decoder and OpenFlow decoder alone: what they emit stays in the channel's inbound queue. */
    private static EmbeddedChannel decoderOnly() {
        return new EmbeddedChannel(OfCodec.frameDecoder(), new OfCodec.Decoder());
    }

    private static OFEchoRequest echoOfLength(int length, long xid) {
        byte[] data = new byte[length - 8];
        Arrays.fill(data, (byte) 0x5A);
        return OF13.buildEchoRequest().setXid(xid).setData(data).build();
    }

    @Test
    void aFlowStatsReplyIsKeptAsItsBytesAndOtherRepliesAreDecoded() {
        EmbeddedChannel channel = decoderOnly();
        OFMessage flows = OF13.buildFlowStatsReply().setXid(5).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(List.of(OF13.buildFlowStatsEntry().setTableId(TableId.of(3)).setPriority(9)
                        .setMatch(OF13.matchWildcardAll()).build())).build();
        OFMessage groups = OF13.buildGroupDescStatsReply().setXid(6).setFlags(Set.of()).setEntries(List.of()).build();

        channel.writeInbound(Unpooled.wrappedBuffer(bytesOf(flows), bytesOf(groups)));

        FlowStatsFrame part = channel.readInbound();
        assertThat(part.xid()).isEqualTo(5);
        assertThat(part.isLast()).isFalse();
        assertThat(ByteBufUtil.getBytes(part.content())).isEqualTo(bytesOf(flows));
        assertThat((Object) channel.readInbound()).isEqualTo(groups);
    }

    @Test
    void truncatedFrameWaitsForTheRest() {
        EmbeddedChannel channel = decoderOnly();
        byte[] whole = bytesOf(echoOfLength(100, 3));
        assertThat(whole).hasSize(100);

        channel.writeInbound(Unpooled.wrappedBuffer(whole, 0, 20));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isActive()).isTrue();

        channel.writeInbound(Unpooled.wrappedBuffer(whole, 20, 80));
        OFEchoRequest echo = channel.readInbound();
        assertThat(echo.getXid()).isEqualTo(3);
        assertThat(echo.getData()).hasSize(92);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void twoMessagesInOneBufferDecodeAsTwo() {
        EmbeddedChannel channel = decoderOnly();
        ByteBuf both = Unpooled.buffer();
        OF13.buildBarrierRequest().setXid(1).build().writeTo(both);
        echoOfLength(16, 2).writeTo(both);

        channel.writeInbound(both);

        assertThat((Object) channel.readInbound()).isInstanceOf(OFBarrierRequest.class);
        OFMessage second = channel.readInbound();
        assertThat(second).isInstanceOf(OFEchoRequest.class);
        assertThat(second.getXid()).isEqualTo(2);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void messageSplitAcrossWritesAtEveryByteDecodesOnce() {
        byte[] whole = bytesOf(echoOfLength(40, 8));
        for (int split = 1; split < whole.length; split++) {
            EmbeddedChannel channel = decoderOnly();
            channel.writeInbound(Unpooled.wrappedBuffer(whole, 0, split));
            assertThat((Object) channel.readInbound()).as("after %d bytes", split).isNull();
            channel.writeInbound(Unpooled.wrappedBuffer(whole, split, whole.length - split));
            assertThat(((OFMessage) channel.readInbound()).getXid()).isEqualTo(8);
        }
    }

    @Test
    void wellFramedButUnparseableMessageDecodesRaw() {
        EmbeddedChannel channel = decoderOnly();
        channel.writeInbound(Unpooled.wrappedBuffer(BUNDLE_COMMIT_REPLY));

        RawOfMessage raw = channel.readInbound();

        assertThat(raw.bytes()).isEqualTo(BUNDLE_COMMIT_REPLY);
        assertThat(raw.version()).isEqualTo(4);
        assertThat(raw.type()).isEqualTo(4);
        assertThat(raw.xid()).isEqualTo(9);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void rawFrameBetweenParsedOnesKeepsTheStreamInStep() {
        EmbeddedChannel channel = decoderOnly();
        ByteBuf all = Unpooled.buffer();
        OF13.buildBarrierRequest().setXid(1).build().writeTo(all);
        all.writeBytes(BUNDLE_COMMIT_REPLY);
        OF13.buildBarrierRequest().setXid(2).build().writeTo(all);

        channel.writeInbound(all);

        assertThat(((OFMessage) channel.readInbound()).getXid()).isEqualTo(1);
        assertThat((Object) channel.readInbound()).isInstanceOf(RawOfMessage.class);
        assertThat(((OFMessage) channel.readInbound()).getXid()).isEqualTo(2);
    }

    @Test
    void encoderWritesMessagesAndRawFramesVerbatim() {
        EmbeddedChannel channel = new EmbeddedChannel(new OfCodec.Encoder());
        OFBarrierRequest barrier = OF13.buildBarrierRequest().setXid(4).build();
        channel.writeOutbound(barrier, new RawOfMessage(BUNDLE_COMMIT_REPLY));

        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        assertThat(ByteBufUtil.getBytes(first)).isEqualTo(bytesOf(barrier));
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(BUNDLE_COMMIT_REPLY);
        first.release();
        second.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 7})
    void frameShorterThanAHeaderClosesOnlyThatChannel(int length) {
        FakeSwitch bad = FakeSwitch.connecting(FakeSwitch.config(), new SwitchListener() { });
        FakeSwitch good = FakeSwitch.connecting(FakeSwitch.config(), new SwitchListener() { });
        bad.received();
        good.received();

        bad.sendBytes(new byte[] {4, 0, 0, (byte) length, 0, 0, 0, 1});

        assertThat(bad.channel().isActive()).isFalse();
        assertThat(good.channel().isActive()).isTrue();
        good.send(OF13.buildHello().setXid(1).setElements(List.of()).build());
        assertThat(good.received()).singleElement().isInstanceOf(OFFeaturesRequest.class);
        bad.channel().checkException();
    }

    @Test
    void frameShorterThanAHeaderAfterTheHandshakeCloses() {
        FakeSwitch sw = FakeSwitch.connected(DatapathId.of(1), new SwitchListener() { });

        sw.sendBytes(new byte[] {4, 0, 0, 4, 0, 0, 0, 1});

        assertThat(sw.channel().isActive()).isFalse();
        sw.channel().checkException();
    }

    @Test
    void garbageClosesTheChannelWithoutEscaping() {
        Random random = new Random(20261122);
        for (int round = 0; round < 50; round++) {
            byte[] garbage = new byte[8 + random.nextInt(200)];
            random.nextBytes(garbage);
            // Whatever the first length says, it fits in what was sent: the decoder must judge a whole frame.
            int length = random.nextInt(garbage.length + 1);
            garbage[2] = (byte) (length >> 8);
            garbage[3] = (byte) length;
            for (boolean handshaken : new boolean[] {false, true}) {
                FakeSwitch sw = handshaken ? FakeSwitch.connected(DatapathId.of(1), new SwitchListener() { })
                        : FakeSwitch.connecting(FakeSwitch.config(), new SwitchListener() { });
                if (!handshaken) {
                    sw.receivedOnly(OFHello.class);
                }

                sw.sendBytes(garbage);

                assertThat(sw.channel().isActive()).as("round %d, handshaken %s: %s", round, handshaken,
                        ByteBufUtil.hexDump(garbage)).isFalse();
                sw.channel().checkException();
            }
        }
    }
}
