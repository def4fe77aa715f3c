package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static io.sluice.controller.openflow.FakeSwitch.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.TableId;

class BundlesTest {
    private static final int ONF = 0x4F4E4600;

    /** A bundle control message as OVS sends it, written field by field. */
    static byte[] control(long xid, long bundleId, int type) {
        return ByteBuffer.allocate(24).put((byte) 4).put((byte) 4).putShort((short) 24).putInt((int) xid)
                .putInt(ONF).putInt(2300).putInt((int) bundleId).putShort((short) type).putShort((short) 3)
                .array();
    }

    /** An OFPT_ERROR of the ONF experimenter error type, as OVS reports a refused bundle. */
    static byte[] onfError(long xid, int expCode) {
        return ByteBuffer.allocate(16).put((byte) 4).put((byte) 1).putShort((short) 16).putInt((int) xid)
                .putShort((short) 0xFFFF).putShort((short) expCode).putInt(ONF).array();
    }

    @Test
    void controlLayout() {
        ByteBuffer b = ByteBuffer.wrap(Bundles.control(0x01020304L, 7, Bundles.ControlType.COMMIT_REQUEST).bytes());
        assertThat(b.limit()).isEqualTo(24);
        assertThat(b.get(0)).as("version").isEqualTo((byte) 4);
        assertThat(b.get(1)).as("type").isEqualTo((byte) 4);
        assertThat(b.getShort(2)).as("length").isEqualTo((short) 24);
        assertThat(b.getInt(4)).as("xid").isEqualTo(0x01020304);
        assertThat(b.getInt(8)).as("experimenter").isEqualTo(ONF);
        assertThat(b.getInt(12)).as("exp_type").isEqualTo(2300);
        assertThat(b.getInt(16)).as("bundle id").isEqualTo(7);
        assertThat(b.getShort(20)).as("control type COMMIT_REQUEST").isEqualTo((short) 4);
        assertThat(b.getShort(22)).as("flags ATOMIC|ORDERED").isEqualTo((short) 3);
    }

    @Test
    void controlTypesHaveTheirWireValues() {
        assertThat(Bundles.ControlType.OPEN_REQUEST.ordinal()).isZero();
        assertThat(Bundles.ControlType.OPEN_REPLY.ordinal()).isEqualTo(1);
        assertThat(Bundles.ControlType.COMMIT_REQUEST.ordinal()).isEqualTo(4);
        assertThat(Bundles.ControlType.COMMIT_REPLY.ordinal()).isEqualTo(5);
        assertThat(Bundles.ControlType.DISCARD_REPLY.ordinal()).isEqualTo(7);
    }

    @Test
    void controlWithAnXidAbove31Bits() {
        RawOfMessage raw = Bundles.control(0xFFFFFFF0L, 0xFFFFFFFFL, Bundles.ControlType.OPEN_REQUEST);
        assertThat(raw.xid()).isEqualTo(0xFFFFFFF0L);
        assertThat(Bundles.parseControl(raw)).contains(
                new Bundles.Control(0xFFFFFFF0L, 0xFFFFFFFFL, Bundles.ControlType.OPEN_REQUEST));
    }

    @Test
    void addLayoutCarriesTheInnerMessageWithItsXid() throws Exception {
        OFFlowAdd inner = OF13.buildFlowAdd().setXid(0x0A0B0C0DL).setTableId(TableId.of(40)).setPriority(200)
                .setMatch(OF13.matchWildcardAll()).build();
        byte[] innerBytes = bytesOf(inner);

        ByteBuffer b = ByteBuffer.wrap(encoded(Bundles.add(9, inner)));

        assertThat(b.limit()).isEqualTo(24 + innerBytes.length);
        assertThat(b.get(0)).isEqualTo((byte) 4);
        assertThat(b.get(1)).isEqualTo((byte) 4);
        assertThat(b.getShort(2) & 0xFFFF).as("length").isEqualTo(24 + innerBytes.length);
        assertThat(b.getInt(4)).as("outer xid is the inner message's").isEqualTo(0x0A0B0C0D);
        assertThat(b.getInt(8)).isEqualTo(ONF);
        assertThat(b.getInt(12)).as("exp_type").isEqualTo(2301);
        assertThat(b.getInt(16)).as("bundle id").isEqualTo(9);
        assertThat(b.getShort(20)).as("pad").isZero();
        assertThat(b.getShort(22)).as("flags").isEqualTo((short) 3);
        assertThat(Arrays.copyOfRange(b.array(), 24, b.limit())).isEqualTo(innerBytes);
        OFMessage reread = OFFactories.getGenericReader()
                .readFrom(Unpooled.wrappedBuffer(b.array(), 24, innerBytes.length));
        assertThat(reread).isEqualTo(inner);
    }

    @Test
    void parseControlReadsACommitReply() {
        Optional<Bundles.Control> control = Bundles.parseControl(new RawOfMessage(control(0x99, 3, 5)));
        assertThat(control).contains(new Bundles.Control(0x99, 3, Bundles.ControlType.COMMIT_REPLY));
    }

    @Test
    void parseControlIgnoresWhatIsNotABundleControl() {
        OFFlowAdd inner = OF13.buildFlowAdd().setXid(1).build();
        assertThat(Bundles.parseControl(new RawOfMessage(encoded(Bundles.add(1, inner))))).as("bundle add").isEmpty();
        assertThat(Bundles.parseControl(new RawOfMessage(onfError(1, 2313)))).as("error").isEmpty();
        byte[] otherExperimenter = control(1, 1, 5);
        otherExperimenter[8] = 0x00;
        assertThat(Bundles.parseControl(new RawOfMessage(otherExperimenter))).isEmpty();
        byte[] unknownType = control(1, 1, 8);
        assertThat(Bundles.parseControl(new RawOfMessage(unknownType))).isEmpty();
        assertThat(Bundles.parseControl(new RawOfMessage(Arrays.copyOf(control(1, 1, 5), 20)))).as("short")
                .isEmpty();
    }

    @Test
    void onfBundleErrorIsNamed() {
        Optional<SwitchError> error = SwitchError.of(new RawOfMessage(onfError(0x42, 2313)), Optional.of("X"));
        assertThat(error).hasValueSatisfying(e -> {
            assertThat(e.xid()).isEqualTo(0x42);
            assertThat(e.description()).contains("MSG_FAILED");
            assertThat(e.cause()).contains("X");
            assertThat(e.toString()).contains("caused by X");
        });
    }

    @Test
    void unknownRawErrorIsDescribedByNumbers() {
        byte[] error = onfError(1, 7);
        error[8] = 0x00;
        error[9] = 0x63; // type 99
        assertThat(SwitchError.of(new RawOfMessage(error), Optional.empty()))
                .hasValueSatisfying(e -> assertThat(e.description()).isEqualTo("error type 99 code 7"));
    }

    @Test
    void rawThatIsNotAnErrorIsNoSwitchError() {
        assertThat(SwitchError.of(new RawOfMessage(control(1, 1, 5)), Optional.empty())).isEmpty();
    }

    private static byte[] encoded(OutboundFrame frame) {
        io.netty.buffer.ByteBuf buf = Unpooled.buffer();
        frame.writeTo(buf);
        return io.netty.buffer.ByteBufUtil.getBytes(buf);
    }
}
