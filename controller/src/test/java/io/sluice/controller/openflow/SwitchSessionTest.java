package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static io.sluice.controller.openflow.FakeSwitch.bytesOf;
import static io.sluice.controller.openflow.FakeSwitch.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadMatchCode;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchSessionTest {
    private static final DatapathId DPID = DatapathId.of(0xabcdefL);

    private final List<OFPacketIn> packetIns = new ArrayList<>();
    private final FakeSwitch sw = FakeSwitch.session(DPID, new SwitchListener() {
        @Override
        public void packetIn(SwitchSession session, OFPacketIn packetIn) {
            packetIns.add(packetIn);
        }
    }, port(1, "tap1"));
    private final SwitchSession session = sw.session();

    private OFFlowStatsRequest flowStatsRequest() {
        return OF13.buildFlowStatsRequest().setXid(session.nextXid()).setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setMatch(OF13.matchWildcardAll()).build();
    }

    private OFFlowAdd flowAdd(int priority) {
        return OF13.buildFlowAdd().setXid(session.nextXid()).setTableId(TableId.of(40)).setPriority(priority)
                .setMatch(OF13.matchWildcardAll()).setBufferId(OFBufferId.NO_BUFFER).build();
    }

    private static OFFlowStatsReply flowStatsReply(long xid, int priority, OFStatsReplyFlags... flags) {
        return OF13.buildFlowStatsReply().setXid(xid).setFlags(Set.of(flags)).setEntries(List.of(
                OF13.buildFlowStatsEntry().setTableId(TableId.of(40)).setPriority(priority)
                        .setMatch(OF13.matchWildcardAll()).setFlags(Set.of()).build())).build();
    }

    @Test
    void sessionKnowsItsSwitch() {
        assertThat(session.dpid()).isEqualTo(DPID);
        assertThat(session.ports()).containsOnly(OFPort.of(1));
        assertThat(session.factory().getVersion()).isEqualTo(OFVersion.OF_13);
        assertThat(session.isActive()).isTrue();
    }

    @Test
    void flowStatsCompleteWithEveryPartOfTheReplyAsTheSwitchEncodedIt() {
        OFFlowStatsRequest request = flowStatsRequest();
        CompletableFuture<List<FlowStatsFrame>> replies = session.flowStats(request);
        assertThat(sw.received()).containsExactly(request);

        OFFlowStatsReply first = flowStatsReply(request.getXid(), 1, OFStatsReplyFlags.REPLY_MORE);
        OFFlowStatsReply last = flowStatsReply(request.getXid(), 2);
        sw.send(first);
        assertThat(replies).isNotDone();
        sw.send(last);

        assertThat(replies).isCompleted();
        assertThat(replies.join()).extracting(FlowStatsFrame::isLast).containsExactly(false, true);
        assertThat(replies.join()).extracting(part -> ByteBufUtil.getBytes(part.content()))
                .containsExactly(bytesOf(first), bytesOf(last));
    }

    @Test
    void repliesAreMatchedByXid() {
        OFFlowStatsRequest first = flowStatsRequest();
        OFFlowStatsRequest second = flowStatsRequest();
        CompletableFuture<List<FlowStatsFrame>> a = session.flowStats(first);
        CompletableFuture<List<FlowStatsFrame>> b = session.flowStats(second);

        sw.send(flowStatsReply(second.getXid(), 2));
        assertThat(a).isNotDone();
        sw.send(flowStatsReply(first.getXid(), 1));

        assertThat(ByteBufUtil.getBytes(a.join().get(0).content()))
                .isEqualTo(bytesOf(flowStatsReply(first.getXid(), 1)));
        assertThat(ByteBufUtil.getBytes(b.join().get(0).content()))
                .isEqualTo(bytesOf(flowStatsReply(second.getXid(), 2)));
    }

    @Test
    void aFlowStatsReplyNobodyAskedForIsDropped() {
        sw.send(flowStatsReply(4242, 1));

        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void replyOfTheWrongTypeFailsTheRequest() {
        OFPortDescStatsRequest request = OF13.buildPortDescStatsRequest().setXid(session.nextXid()).build();
        CompletableFuture<List<OFPortDescStatsReply>> reply = session.stats(request, OFPortDescStatsReply.class);
        sw.send(flowStatsReply(request.getXid(), 1));
        assertThat(reply).isCompletedExceptionally();
    }

    @Test
    void errorForARequestFailsIt() {
        OFFlowStatsRequest request = flowStatsRequest();
        CompletableFuture<List<FlowStatsFrame>> replies = session.flowStats(request);
        sw.send(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(request.getXid())
                .setCode(OFBadRequestCode.BAD_STAT).build());
        assertThat(replies).isCompletedExceptionally();
        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void barrierCompletesWithTheErrorsOfEarlierMessages() {
        OFFlowAdd good = flowAdd(1);
        OFFlowAdd bad = flowAdd(2);
        session.sendAll(List.of(good, bad));
        assertThat(sw.received()).containsExactly(good, bad);
        CompletableFuture<List<SwitchError>> barrier = session.barrier();
        OFBarrierRequest barrierRequest = sw.receivedOnly(OFBarrierRequest.class);

        sw.send(OF13.errorMsgs().buildBadMatchErrorMsg().setXid(bad.getXid()).setCode(OFBadMatchCode.BAD_PREREQ)
                .setData(OFErrorCauseData.of(bytesOf(bad), OFVersion.OF_13)).build());
        assertThat(barrier).isNotDone();
        sw.send(OF13.buildBarrierReply().setXid(barrierRequest.getXid()).build());

        assertThat(barrier).isCompleted();
        assertThat(barrier.join()).singleElement().satisfies(error -> {
            assertThat(error.xid()).isEqualTo(bad.getXid());
            assertThat(error.description()).contains("BAD_PREREQ");
            assertThat(error.cause()).contains(bad);
            assertThat(error.toString()).contains("caused by FLOW_MOD");
        });
    }

    @Test
    void errorsAreHandedToOneBarrierOnly() {
        OFFlowAdd bad = flowAdd(2);
        session.sendAll(List.of(bad));
        sw.received();
        CompletableFuture<List<SwitchError>> first = session.barrier();
        OFBarrierRequest firstRequest = sw.receivedOnly(OFBarrierRequest.class);
        sw.send(OF13.errorMsgs().buildBadMatchErrorMsg().setXid(bad.getXid()).setCode(OFBadMatchCode.BAD_PREREQ)
                .build());
        sw.send(OF13.buildBarrierReply().setXid(firstRequest.getXid()).build());
        assertThat(first.join()).hasSize(1);

        CompletableFuture<List<SwitchError>> second = session.barrier();
        sw.send(OF13.buildBarrierReply().setXid(sw.receivedOnly(OFBarrierRequest.class).getXid()).build());
        assertThat(second.join()).isEmpty();
    }

    @Test
    void bundleSendsOpenAddsCommitAndCompletesOnTheReplies() {
        OFFlowAdd a = flowAdd(1);
        OFFlowAdd b = flowAdd(2);
        CompletableFuture<Void> bundle = session.bundle(List.of(a, b));

        List<Object> sent = sw.received();
        assertThat(sent).hasSize(4).allSatisfy(m -> assertThat(m).isInstanceOf(RawOfMessage.class));
        Bundles.Control open = Bundles.parseControl((RawOfMessage) sent.get(0)).orElseThrow();
        Bundles.Control commit = Bundles.parseControl((RawOfMessage) sent.get(3)).orElseThrow();
        assertThat(open.type()).isEqualTo(Bundles.ControlType.OPEN_REQUEST);
        assertThat(commit.type()).isEqualTo(Bundles.ControlType.COMMIT_REQUEST);
        assertThat(commit.bundleId()).isEqualTo(open.bundleId());
        assertThat(List.of(sent.get(1), sent.get(2))).extracting(m -> (RawOfMessage) m)
                .allSatisfy(add -> {
                    ByteBuffer buf = add.buffer();
                    assertThat(buf.getInt(12)).as("exp_type BUNDLE_ADD").isEqualTo(2301);
                    assertThat(buf.getInt(16) & 0xFFFFFFFFL).isEqualTo(open.bundleId());
                })
                .extracting(RawOfMessage::xid).containsExactly(a.getXid(), b.getXid());

        sw.sendBytes(BundlesTest.control(open.xid(), open.bundleId(), 1));
        assertThat(bundle).isNotDone();
        sw.sendBytes(BundlesTest.control(commit.xid(), commit.bundleId(), 5));

        assertThat(bundle).isCompleted();
        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void bundleErrorForTheCommitFailsTheBundle() {
        OFFlowAdd bad = flowAdd(2);
        CompletableFuture<Void> bundle = session.bundle(List.of(bad));
        List<Object> sent = sw.received();
        Bundles.Control open = Bundles.parseControl((RawOfMessage) sent.get(0)).orElseThrow();
        Bundles.Control commit = Bundles.parseControl((RawOfMessage) sent.get(2)).orElseThrow();

        sw.sendBytes(BundlesTest.control(open.xid(), open.bundleId(), 1));
        // OVS names the failing message by its xid, then refuses the commit.
        sw.send(OF13.errorMsgs().buildBadMatchErrorMsg().setXid(bad.getXid()).setCode(OFBadMatchCode.BAD_PREREQ)
                .build());
        sw.sendBytes(BundlesTest.onfError(commit.xid(), 2313));

        assertThat(bundle).isCompletedExceptionally();
        assertThat(bundle).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(OpenFlowException.class).withMessageContaining("MSG_FAILED");
        assertThat(sw.channel().isActive()).isTrue();
    }

    @Test
    void closingTheChannelFailsPendingRequests() {
        CompletableFuture<List<FlowStatsFrame>> stats = session.flowStats(flowStatsRequest());
        CompletableFuture<List<SwitchError>> barrier = session.barrier();
        CompletableFuture<Void> bundle = session.bundle(List.of(flowAdd(1)));
        CompletableFuture<Void> closed = session.closeFuture();

        sw.channel().close();

        assertThat(stats).isCompletedExceptionally();
        assertThat(barrier).isCompletedExceptionally();
        assertThat(bundle).isCompletedExceptionally();
        assertThat(closed).isCompleted();
        assertThat(session.isActive()).isFalse();
        assertThat(session.barrier()).as("a request after the close").isCompletedExceptionally();
    }

    @Test
    void portStatusUpdatesThePortTable() {
        sw.send(OF13.buildPortStatus().setXid(0).setReason(OFPortReason.ADD).setDesc(port(2, "tap2")).build());
        assertThat(session.ports()).containsOnly(OFPort.of(1), OFPort.of(2));
        sw.send(OF13.buildPortStatus().setXid(0).setReason(OFPortReason.DELETE).setDesc(port(1, "tap1")).build());
        assertThat(session.ports()).containsOnly(OFPort.of(2));
    }

    @Test
    void packetInReachesTheListener() {
        sw.send(OF13.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER).setTableId(TableId.of(20))
                .setReason(OFPacketInReason.ACTION).setMatch(OF13.matchWildcardAll()).setData(new byte[60])
                .build());
        assertThat(packetIns).hasSize(1);
    }

    @Test
    void unreadableRawMessageClosesTheSession() {
        byte[] unknownExperimenter = BundlesTest.control(1, 1, 5);
        unknownExperimenter[8] = 0x12;
        sw.sendBytes(unknownExperimenter);
        assertThat(sw.channel().isActive()).isFalse();
    }
}
