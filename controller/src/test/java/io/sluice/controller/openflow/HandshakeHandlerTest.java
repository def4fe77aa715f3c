package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static io.sluice.controller.openflow.FakeSwitch.port;
import static io.sluice.controller.openflow.FakeSwitch.versionBitmap;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

class HandshakeHandlerTest {
    private static final DatapathId DPID = DatapathId.of(0x00000000000000abL);

    private final List<SwitchSession> connected = new ArrayList<>();
    private final List<OFPortStatus> portChanges = new ArrayList<>();
    private final SwitchListener listener = new SwitchListener() {
        @Override
        public void switchConnected(SwitchSession session) {
            connected.add(session);
        }

        @Override
        public void portChanged(SwitchSession session, OFPortStatus status) {
            portChanges.add(status);
        }
    };

    private final FakeSwitch sw = FakeSwitch.connecting(FakeSwitch.config(), listener);

    @Test
    void fullHandshakeEndsInAMasterSessionThatReplacesTheHandshakeHandler() {
        OFHello hello = sw.receivedOnly(OFHello.class);
        assertThat(hello.getVersion()).isEqualTo(OFVersion.OF_13);
        assertThat(hello.getElements()).singleElement().isInstanceOfSatisfying(OFHelloElemVersionbitmap.class,
                bitmap -> assertThat(bitmap.getBitmaps()).containsExactly(U32.of(1 << 4)));

        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(1, 4, 5))).build());
        OFFeaturesRequest featuresRequest = sw.receivedOnly(OFFeaturesRequest.class);

        sw.send(FakeSwitch.features(featuresRequest.getXid(), DPID));
        OFPortDescStatsRequest portRequest = sw.receivedOnly(OFPortDescStatsRequest.class);

        sw.send(OF13.buildPortDescStatsReply().setXid(portRequest.getXid())
                .setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(List.of(port(1, "tap1"), port(2, "tap2"))).build());
        assertThat(sw.received()).as("nothing until the last part of PORT_DESC").isEmpty();
        sw.send(OF13.buildPortDescStatsReply().setXid(portRequest.getXid()).setFlags(Set.of())
                .setEntries(List.of(port(3, "vxlan0"), port(OFPort.LOCAL.getPortNumber(), "br-int"))).build());

        List<Object> configAndRole = sw.received();
        assertThat(configAndRole).hasSize(2);
        assertThat(configAndRole.get(0)).isInstanceOfSatisfying(OFSetConfig.class,
                config -> assertThat(config.getMissSendLen()).isEqualTo(0xFFFF));
        OFRoleRequest role = (OFRoleRequest) configAndRole.get(1);
        assertThat(role.getRole()).isEqualTo(OFControllerRole.ROLE_MASTER);
        assertThat(role.getGenerationId().getValue()).isEqualTo(42);
        assertThat(connected).as("not announced before the role is granted").isEmpty();

        sw.send(OF13.buildRoleReply().setXid(role.getXid()).setRole(OFControllerRole.ROLE_MASTER)
                .setGenerationId(role.getGenerationId()).build());

        assertThat(connected).hasSize(1);
        SwitchSession session = connected.get(0);
        assertThat(session.dpid()).isEqualTo(DPID);
        assertThat(session.ports()).containsExactlyInAnyOrder(OFPort.of(1), OFPort.of(2), OFPort.of(3), OFPort.LOCAL);
        assertThat(sw.channel().pipeline().get("session")).isInstanceOf(SessionHandler.class);
        assertThat(sw.channel().pipeline().get(HandshakeHandler.class)).isNull();
        assertThat(sw.channel().isActive()).isTrue();

        // From now on messages reach the session: a port status updates its port table.
        sw.send(OF13.buildPortStatus().setXid(0).setReason(OFPortReason.ADD).setDesc(port(4, "tap4")).build());
        assertThat(portChanges).hasSize(1);
        assertThat(session.ports()).contains(OFPort.of(4));
    }

    @Test
    void helloWithoutBitmapAtVersion13IsAccepted() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of()).build());
        assertThat(sw.received()).singleElement().isInstanceOf(OFFeaturesRequest.class);
        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void helloAtOpenFlow10IsRefusedWithHelloFailedAndClosed() {
        sw.received();
        sw.send(OFFactories.getFactory(OFVersion.OF_10).buildHello().setXid(7).build());
        assertRefusedAsIncompatible(7);
    }

    @Test
    void bitmapWithoutOpenFlow13IsRefused() {
        sw.received();
        // OpenFlow 1.4 HELLO offering 1.0 and 1.4 only.
        sw.send(OFFactories.getFactory(OFVersion.OF_14).buildHello().setXid(9)
                .setElements(List.of(OFFactories.getFactory(OFVersion.OF_14).buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of(1 << 1 | 1 << 5))).build())).build());
        assertRefusedAsIncompatible(9);
    }

    private void assertRefusedAsIncompatible(long helloXid) {
        assertThat(sw.received()).singleElement().isInstanceOfSatisfying(OFHelloFailedErrorMsg.class, error -> {
            assertThat(error.getCode()).isEqualTo(OFHelloFailedCode.INCOMPATIBLE);
            assertThat(error.getXid()).isEqualTo(helloXid);
        });
        assertThat(sw.channel().isActive()).isFalse();
        assertThat(connected).isEmpty();
    }

    @Test
    void errorDuringTheHandshakeCloses() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(4))).build());
        OFFeaturesRequest request = sw.receivedOnly(OFFeaturesRequest.class);
        sw.send(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(request.getXid())
                .setCode(OFBadRequestCode.BAD_TYPE).build());
        assertThat(sw.channel().isActive()).isFalse();
        assertThat(connected).isEmpty();
    }

    @Test
    void anythingButHelloFirstCloses() {
        sw.received();
        sw.send(FakeSwitch.features(1, DPID));
        assertThat(sw.channel().isActive()).isFalse();
    }

    @Test
    void asynchronousMessagesDuringTheHandshakeAreIgnored() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(4))).build());
        OFFeaturesRequest request = sw.receivedOnly(OFFeaturesRequest.class);

        sw.send(ProtocolGuardTest.packetIn(OFVersion.OF_13),
                OF13.buildPortStatus().setXid(0).setReason(OFPortReason.ADD).setDesc(port(4, "tap4")).build());

        assertThat(sw.channel().isActive()).isTrue();
        sw.send(FakeSwitch.features(request.getXid(), DPID));
        assertThat(sw.received()).singleElement().isInstanceOf(OFPortDescStatsRequest.class);
    }

    @Test
    void aMessageOutOfTurnBeforeFeaturesReplyCloses() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(4))).build());
        sw.received();

        // A controller-to-switch request from the switch's side: no OpenFlow switch sends one.
        sw.send(OF13.buildFeaturesRequest().setXid(8).build());

        assertThat(sw.channel().isActive()).isFalse();
        assertThat(connected).isEmpty();
    }

    @Test
    void aSecondHelloCloses() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(4))).build());
        sw.received();

        sw.send(OF13.buildHello().setXid(8).setElements(List.of(versionBitmap(4))).build());

        assertThat(sw.channel().isActive()).isFalse();
    }

    @Test
    void handshakeTimeoutCloses() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(4))).build());
        sw.received();

        // The channel's clock started when it was created; freezing it leaves only the advances below
        // (plus the microseconds this test has run so far).
        sw.channel().freezeTime();
        sw.channel().advanceTimeBy(9_500, TimeUnit.MILLISECONDS);
        sw.channel().runScheduledPendingTasks();
        assertThat(sw.channel().isActive()).as("before the 10 s handshake timeout").isTrue();

        sw.channel().advanceTimeBy(500, TimeUnit.MILLISECONDS);
        sw.channel().runScheduledPendingTasks();
        assertThat(sw.channel().isActive()).as("at the handshake timeout").isFalse();
        assertThat(connected).isEmpty();
    }

    @Test
    void completedHandshakeCancelsTheTimeout() {
        sw.handshake(DPID);
        sw.channel().advanceTimeBy(1, TimeUnit.HOURS);
        sw.channel().runScheduledPendingTasks();
        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void slaveRoleCloses() {
        sw.received();
        sw.send(OF13.buildHello().setXid(7).setElements(List.of(versionBitmap(4))).build());
        sw.send(FakeSwitch.features(sw.receivedOnly(OFFeaturesRequest.class).getXid(), DPID));
        sw.send(OF13.buildPortDescStatsReply().setXid(sw.receivedOnly(OFPortDescStatsRequest.class).getXid())
                .setFlags(Set.of()).setEntries(List.of()).build());
        OFRoleRequest role = (OFRoleRequest) sw.received().get(1);

        sw.send(OF13.buildRoleReply().setXid(role.getXid()).setRole(OFControllerRole.ROLE_SLAVE)
                .setGenerationId(role.getGenerationId()).build());

        assertThat(sw.channel().isActive()).isFalse();
        assertThat(connected).isEmpty();
    }
}
