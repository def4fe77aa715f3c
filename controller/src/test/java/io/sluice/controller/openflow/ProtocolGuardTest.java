package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.U32;

/** The protocol guard in the controller's real pipeline: HELLO first, OpenFlow 1.3 after. */
class ProtocolGuardTest {
    private static final DatapathId DPID = DatapathId.of(0xabL);

    private final List<OFPacketIn> packetIns = new ArrayList<>();
    private final SwitchListener listener = new SwitchListener() {
        @Override
        public void packetIn(SwitchSession session, OFPacketIn packetIn) {
            packetIns.add(packetIn);
        }
    };

    @Test
    void echoBeforeHelloClosesUnanswered() {
        FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), listener);
        sw.received();

        sw.send(OF13.buildEchoRequest().setXid(5).setData(new byte[0]).build());

        assertThat(sw.received()).as("no echo reply to a peer that skipped HELLO").isEmpty();
        assertThat(sw.channel().isActive()).isFalse();
    }

    @Test
    void packetInBeforeHelloCloses() {
        FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), listener);
        sw.received();

        sw.send(packetIn(OF13.getVersion()));

        assertThat(sw.channel().isActive()).isFalse();
    }

    @Test
    void wellFramedGarbageBeforeHelloCloses() {
        FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), listener);
        sw.received();

        sw.sendBytes(new byte[] {(byte) 0xde, (byte) 0xad, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8});

        assertThat(sw.channel().isActive()).isFalse();
    }

    @Test
    void anotherVersionDuringTheHandshakeCloses() {
        FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), listener);
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(FakeSwitch.versionBitmap(4))).build());
        OFFeaturesRequest request = sw.receivedOnly(OFFeaturesRequest.class);

        sw.send(OFFactories.getFactory(OFVersion.OF_10).buildFeaturesReply().setXid(request.getXid())
                .setDatapathId(DPID).setNBuffers(0).setNTables((short) 1).build());

        assertThat(sw.channel().isActive()).isFalse();
        assertThat(sw.session()).isNull();
    }

    @Test
    void anotherVersionAfterTheHandshakeClosesAndReachesNoService() {
        FakeSwitch sw = FakeSwitch.connected(DPID, listener);

        sw.send(packetIn(OFVersion.OF_14));

        assertThat(sw.channel().isActive()).isFalse();
        assertThat(packetIns).isEmpty();
    }

    @Test
    void helloOfAnyVersionReachesTheHandshake() {
        FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), listener);
        assertThat(sw.received()).singleElement().isInstanceOf(OFHello.class);

        OFVersion newer = OFVersion.OF_14;
        sw.send(OFFactories.getFactory(newer).buildHello().setXid(3).setElements(List.of(
                OFFactories.getFactory(newer).buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of(1 << 4 | 1 << 5))).build())).build());

        assertThat(sw.received()).singleElement().isInstanceOf(OFFeaturesRequest.class);
        assertThat(sw.channel().isActive()).isTrue();
    }

    static OFPacketIn packetIn(OFVersion version) {
        return OFFactories.getFactory(version).buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER)
                .setReason(OFPacketInReason.NO_MATCH).setData(new byte[60]).build();
    }
}
