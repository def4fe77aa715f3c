package io.sluice.controller.pipeline;

import static io.sluice.controller.pipeline.TestFlows.OF13;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.RandomCloud;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.reconcile.SwitchState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class ReportedFlowsTest {
    private static final FlowSpec WEB = TestFlows.flow("10.0.0.5", 7);
    private static final FlowSpec DB = TestFlows.flow("10.0.0.6", 8);

    /** The flow as a switch reports it, with counters. */
    private static OFFlowStatsEntry entry(FlowSpec flow) {
        return OF13.buildFlowStatsEntry().setTableId(TableId.of(flow.tableId())).setPriority(flow.priority())
                .setMatch(flow.match()).setInstructions(flow.instructions()).setCookie(flow.cookie())
                .setIdleTimeout(flow.idleTimeout()).setHardTimeout(flow.hardTimeout()).setDurationSec(100)
                .setPacketCount(U64.of(10)).setByteCount(U64.of(1000)).build();
    }

    /**
     * The reply with each entry's match fields in a random order, as a switch may order them (OpenFlowJ writes
     * them in one order); a single field's entry is left as it is.
     */
    private static ByteBuf withFieldsShuffled(ByteBuf reply, Random random) {
        ByteBuf out = reply.copy();
        for (int at = 16; at < out.writerIndex(); at += out.getUnsignedShort(at)) {
            int from = at + 48 + 4;
            int end = at + 48 + out.getUnsignedShort(at + 48 + 2);
            List<ByteBuf> fields = new ArrayList<>();
            for (int field = from; field < end; field += 4 + out.getUnsignedByte(field + 3)) {
                fields.add(reply.copy(field, 4 + out.getUnsignedByte(field + 3)));
            }
            Collections.shuffle(fields, random);
            int to = from;
            for (ByteBuf field : fields) {
                out.setBytes(to, field);
                to += field.writerIndex();
            }
        }
        return out;
    }

    /** The reply part holding these entries, encoded as a switch sends it. */
    private static ByteBuf reply(List<OFFlowStatsEntry> entries) {
        ByteBuf wire = Unpooled.buffer();
        OF13.buildFlowStatsReply().setXid(7).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE)).setEntries(entries)
                .build().writeTo(wire);
        return wire;
    }

    private static Map<FlowKey, FlowSpec> byKey(FlowSpec... flows) {
        return List.of(flows).stream().collect(Collectors.toMap(FlowSpec::key, Function.identity()));
    }

    @Test
    void anEntryEncodedAsTheExpectedFlowIsThatVeryFlow() {
        List<FlowSpec> read = ReportedFlows.of(reply(List.of(entry(WEB), entry(DB))), byKey(WEB, DB));

        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isSameAs(WEB);
        assertThat(read.get(1)).isSameAs(DB);
    }

    @Test
    void matchFieldsInAnotherOrderAreStillTheExpectedFlow() {
        ByteBuf reversed = withFieldsShuffled(reply(List.of(entry(WEB))), new Random(1));

        assertThat(ReportedFlows.of(reversed, byKey(WEB))).singleElement().isSameAs(WEB);
    }

    @Test
    void aFlowThatDriftedIsReadAsTheSwitchHoldsIt() {
        FlowSpec drifted = TestFlows.flow("10.0.0.5", 9); // WEB's key, another output
        FlowSpec otherCookie = new FlowSpec(DB.tableId(), DB.priority(), DB.match(), DB.instructions(),
                U64.of(0xDEADBEEFL), 0, 0);
        FlowSpec timedOut = new FlowSpec(DB.tableId(), DB.priority(), DB.match(), DB.instructions(), DB.cookie(), 30, 0);

        List<FlowSpec> read = ReportedFlows.of(reply(List.of(entry(drifted), entry(otherCookie), entry(timedOut))),
                byKey(WEB, DB));

        assertThat(read).containsExactly(drifted, otherCookie, timedOut);
        assertThat(read.get(0)).isNotEqualTo(WEB);
    }

    @Test
    void aFlowNotExpectedIsDecoded() {
        assertThat(ReportedFlows.of(reply(List.of(entry(DB))), byKey(WEB))).containsExactly(DB);
    }

    @Test
    void anEquivalentEncodingIsDecodedAndMadeCanonical() {
        // Instructions out of OpenFlow's execution order are the same flow in other bytes: the decoding path
        // puts them in order.
        OFInstruction output = TestFlows.output(7).get(0);
        OFInstruction next = OF13.instructions().gotoTable(TableId.of(Table.L3_VRF.id()));
        FlowSpec inOrder = FlowSpec.of(Table.L2_FORWARD, Priority.PORT, TestFlows.ipv4Dst("10.0.0.5"),
                List.of(output, next), TestFlows.COOKIE);
        OFFlowStatsEntry reordered = entry(inOrder).createBuilder().setInstructions(List.of(next, output)).build();

        List<FlowSpec> read = ReportedFlows.of(reply(List.of(reordered)), byKey(inOrder));

        assertThat(read).singleElement().isEqualTo(inOrder).isNotSameAs(inOrder);
    }

    @Test
    void anEmptyReplyHoldsNoFlow() {
        assertThat(ReportedFlows.of(reply(List.of()), byKey(WEB))).isEmpty();
    }

    @Test
    void anEntryLongerThanItsReplyIsRefused() {
        ByteBuf wire = reply(List.of(entry(WEB)));
        ByteBuf truncated = wire.slice(0, wire.writerIndex() - 8);

        assertThatThrownBy(() -> ReportedFlows.of(truncated, byKey(WEB)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flow-stats entry of");
    }

    @Test
    void anUnreadableEntryIsRefusedWithACause() {
        ByteBuf wire = reply(List.of(entry(WEB)));
        wire.setShort(16 + 48, 0); // the match's type: OFPMT_STANDARD, which OpenFlow 1.3 switches do not send

        assertThatThrownBy(() -> ReportedFlows.of(wire, byKey(WEB)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unreadable flow-stats entry");
    }

    /**
     * Every compiler's flows, on every switch of a cloud changed at random, as a switch dumps them (match fields
     * shuffled): read against the desired state, each is the desired flow itself; read against nothing, each is
     * decoded to an equal flow. So the shortcut and the decoding agree on real flows.
     */
    @Test
    void theShortcutAndTheDecodingAgreeOnEveryCompilersFlows() {
        Random random = new Random(11);
        RandomCloud cloud = new RandomCloud(random);
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        int compared = 0;
        for (int step = 0; step < 200; step++) {
            cloud.change();
            if (step % 20 != 19) {
                continue;
            }
            Snapshot snapshot = cloud.snapshot();
            for (int h = 1; h <= 4; h++) {
                SwitchState desired = compiler.compile(snapshot, DatapathId.of(h));
                List<FlowSpec> flows = List.copyOf(desired.flows().values());
                List<OFFlowStatsEntry> entries = flows.stream().map(ReportedFlowsTest::entry).toList();
                List<FlowSpec> shortcut = new ArrayList<>();
                List<FlowSpec> decoded = new ArrayList<>();
                for (int from = 0; from < entries.size(); from += 50) {
                    ByteBuf part = withFieldsShuffled(reply(entries.subList(from, Math.min(entries.size(), from + 50))),
                            random);
                    shortcut.addAll(ReportedFlows.of(part.duplicate(), desired.flows()));
                    decoded.addAll(ReportedFlows.of(part, Map.of()));
                }
                for (int i = 0; i < flows.size(); i++) {
                    assertThat(shortcut.get(i)).as("step %d switch %d: %s", step, h, flows.get(i))
                            .isSameAs(flows.get(i));
                }
                assertThat(decoded).isEqualTo(flows);
                compared += flows.size();
            }
        }
        assertThat(compared).as("flows compared").isGreaterThan(1_000);
    }
}
