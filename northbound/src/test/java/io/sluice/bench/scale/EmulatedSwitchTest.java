package io.sluice.bench.scale;

import static io.sluice.bench.scale.EmulatedSwitch.OF13;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.controller.openflow.Bundles;
import io.sluice.controller.openflow.OutboundFrame;
import io.sluice.controller.openflow.RawOfMessage;
import io.sluice.controller.openflow.SwitchError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadActionErrorMsg;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

class EmulatedSwitchTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final EmulatedSwitch sw = new EmulatedSwitch(DatapathId.of(0x5f01), clock::get);

    @Test
    void answersTheHandshakeWithItsDatapathIdPortsAndTheRoleAsked() {
        sw.plug(7, "tap0001", MacAddress.of("fa:16:3e:00:00:07"));

        OFFeaturesReply features = (OFFeaturesReply) single(sw.handle(OF13.buildFeaturesRequest().setXid(1).build()));
        OFPortDescStatsReply ports = (OFPortDescStatsReply) single(sw.handle(OF13.buildPortDescStatsRequest().setXid(2)
                .build()));
        OFRoleReply role = (OFRoleReply) single(sw.handle(OF13.buildRoleRequest().setXid(4)
                .setRole(OFControllerRole.ROLE_MASTER).setGenerationId(U64.of(9)).build()));

        assertThat(features.getDatapathId()).isEqualTo(DatapathId.of(0x5f01));
        assertThat(ports.getEntries()).extracting(OFPortDesc::getPortNo)
                .containsExactly(OFPort.of(7), OFPort.of(EmulatedSwitch.VXLAN_OFPORT),
                        OFPort.of(EmulatedSwitch.MPLSOGRE_OFPORT));
        assertThat(role.getRole()).isEqualTo(OFControllerRole.ROLE_MASTER);
        assertThat(role.getXid()).isEqualTo(4);
    }

    @Test
    void plugAndUnplugAnnounceThePort() {
        assertThat(sw.plug(7, "tap0001", MacAddress.of("fa:16:3e:00:00:07")).getReason()).isEqualTo(OFPortReason.ADD);
        assertThat(sw.unplug(7)).hasValueSatisfying(s -> assertThat(s.getReason()).isEqualTo(OFPortReason.DELETE));
        assertThat(sw.unplug(7)).isEmpty();
    }

    @Test
    void aCommittedBundleAppliesEveryMessageAndABarrierAfterAChangeIsTheAcknowledgement() {
        List<Object> opened = sw.handle(raw(Bundles.control(10, 1, Bundles.ControlType.OPEN_REQUEST)));
        sw.handle(raw(Bundles.add(1, TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 1, TestMods.output(1))
                .createBuilder().setXid(11).build())));
        sw.handle(raw(Bundles.add(1, TestMods.add(1, 100, TestMods.ipDst("10.0.0.2"), 1, TestMods.output(1))
                .createBuilder().setXid(12).build())));
        assertThat(sw.table().flowCount()).as("nothing applied before the commit").isZero();
        clock.set(2_000);
        List<Object> committed = sw.handle(raw(Bundles.control(13, 1, Bundles.ControlType.COMMIT_REQUEST)));

        assertThat(control(opened)).isEqualTo(new Bundles.Control(10, 1, Bundles.ControlType.OPEN_REPLY));
        assertThat(control(committed)).isEqualTo(new Bundles.Control(13, 1, Bundles.ControlType.COMMIT_REPLY));
        assertThat(sw.table().flowCount()).isEqualTo(2);
        assertThat(sw.counters().flowMods).isEqualTo(2);
        assertThat(sw.counters().lastAckMicros).isEqualTo(2_000);

        clock.set(3_000);
        sw.handle(TestMods.add(1, 100, TestMods.ipDst("10.0.0.3"), 1, TestMods.output(1)));
        assertThat(single(sw.handle(OF13.buildBarrierRequest().setXid(20).build()))).isInstanceOf(OFBarrierReply.class);
        assertThat(sw.counters().lastAckMicros).isEqualTo(3_000);
        clock.set(4_000);
        sw.handle(OF13.buildBarrierRequest().setXid(21).build());
        assertThat(sw.counters().lastAckMicros).as("a barrier with nothing new acknowledges nothing").isEqualTo(3_000);
    }

    @Test
    void aBundleWithOneBadMessageAppliesNothingAndAnswersItsErrorAndTheBundlesFailure() {
        sw.handle(TestMods.add(1, 100, TestMods.ipDst("10.0.0.9"), 1, TestMods.output(1)));
        sw.handle(raw(Bundles.control(10, 2, Bundles.ControlType.OPEN_REQUEST)));
        sw.handle(raw(Bundles.add(2, TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 1, TestMods.output(1))
                .createBuilder().setXid(11).build())));
        sw.handle(raw(Bundles.add(2, TestMods.add(1, 100, TestMods.ipDst("10.0.0.2"), 1, TestMods.toGroup(99))
                .createBuilder().setXid(12).build())));

        List<Object> answer = sw.handle(raw(Bundles.control(13, 2, Bundles.ControlType.COMMIT_REQUEST)));

        assertThat(answer).hasSize(2);
        assertThat(answer.get(0)).isInstanceOfSatisfying(OFBadActionErrorMsg.class,
                e -> assertThat(e.getXid()).isEqualTo(12));
        Optional<SwitchError> bundleError = SwitchError.of((RawOfMessage) answer.get(1), Optional.empty());
        assertThat(bundleError).hasValueSatisfying(e -> {
            assertThat(e.xid()).isEqualTo(13);
            assertThat(e.description()).isEqualTo("ONF bundle error MSG_FAILED");
        });
        assertThat(sw.table().flowCount()).as("only the flow from before the bundle").isOne();
        assertThat(sw.counters().bundlesRefused).isOne();
    }

    @Test
    void aBundleLeftOpenByALostConnectionCannotBeCommitted() {
        sw.handle(raw(Bundles.control(10, 3, Bundles.ControlType.OPEN_REQUEST)));
        sw.handle(raw(Bundles.add(3, TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 1, TestMods.output(1))
                .createBuilder().setXid(11).build())));
        sw.disconnected();

        List<Object> answer = sw.handle(raw(Bundles.control(12, 3, Bundles.ControlType.COMMIT_REQUEST)));

        assertThat(SwitchError.of((RawOfMessage) single(answer), Optional.empty())).isPresent();
        assertThat(sw.table().flowCount()).isZero();
    }

    @Test
    void aLargeFlowDumpComesInMultipartRepliesUnderTheMessageSizeLimit() throws OFParseError {
        for (int i = 0; i < 3_000; i++) {
            sw.handle(TestMods.add(1, 100, TestMods.ipDst(IPv4Address.of(0x0A000000 + i).toString()), i,
                    TestMods.output(1)));
        }

        List<Object> replies = sw.handle(TestMods.dumpAll().createBuilder().setXid(30).build());

        assertThat(replies).hasSizeGreaterThan(1);
        List<Long> cookies = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            OFFlowStatsReply reply = (OFFlowStatsReply) parsed(replies.get(i));
            assertThat(reply.getXid()).isEqualTo(30);
            assertThat(reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)).isEqualTo(i < replies.size() - 1);
            reply.getEntries().forEach(flow -> cookies.add(flow.getCookie().getValue()));
        }
        assertThat(cookies).hasSize(3_000).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, 3_000).boxed().toList());
    }

    @Test
    void aGroupDumpPastOpenFlowsMessageSizeComesInMultipartRepliesToo() throws OFParseError {
        List<OFBucket> buckets = new ArrayList<>();
        for (int peer = 0; peer < 19; peer++) {
            buckets.add(OF13.buildBucket().setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY)
                    .setActions(List.of(OF13.actions().output(OFPort.of(65000), 0),
                            OF13.actions().setField(OF13.oxms().tunnelIpv4Dst(IPv4Address.of(0x0A800000 + peer))))).build());
        }
        for (int group = 1; group <= 200; group++) {
            sw.handle(OF13.buildGroupAdd().setXid(group).setGroup(OFGroup.of(group)).setGroupType(OFGroupType.ALL)
                    .setBuckets(buckets).build());
        }

        List<Object> replies = sw.handle(OF13.buildGroupDescStatsRequest().setXid(31).build());

        assertThat(replies).hasSizeGreaterThan(1);
        int groups = 0;
        for (int i = 0; i < replies.size(); i++) {
            OFGroupDescStatsReply reply = (OFGroupDescStatsReply) parsed(replies.get(i));
            assertThat(reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)).isEqualTo(i < replies.size() - 1);
            groups += reply.getEntries().size();
        }
        assertThat(groups).isEqualTo(200);
    }

    private static Object single(List<Object> answers) {
        assertThat(answers).hasSize(1);
        return answers.get(0);
    }

    private static Bundles.Control control(List<Object> answers) {
        return Bundles.parseControl((RawOfMessage) single(answers)).orElseThrow();
    }

    /** A frame the controller writes, as the fleet's decoder hands it over: OpenFlowJ cannot parse bundles. */
    private static RawOfMessage raw(OutboundFrame frame) {
        ByteBuf buf = Unpooled.buffer();
        frame.writeTo(buf);
        return new RawOfMessage(ByteBufUtil.getBytes(buf));
    }

    /** A reply the switch wrote as bytes, under OpenFlow's size limit, read as the controller's OpenFlowJ reads it. */
    private static OFMessage parsed(Object reply) throws OFParseError {
        RawOfMessage raw = (RawOfMessage) reply;
        assertThat(raw.length()).isLessThanOrEqualTo(0xFFFF);
        return OF13.getReader().readFrom(Unpooled.wrappedBuffer(raw.bytes()));
    }
}
