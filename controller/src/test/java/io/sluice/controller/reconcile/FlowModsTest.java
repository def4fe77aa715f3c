package io.sluice.controller.reconcile;

import static io.sluice.controller.pipeline.TestFlows.OF13;
import static io.sluice.controller.pipeline.TestFlows.allGroup;
import static io.sluice.controller.pipeline.TestFlows.flow;
import static io.sluice.controller.pipeline.TestFlows.foreignFlow;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowModifyStrict;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupDelete;
import org.projectfloodlight.openflow.protocol.OFGroupModify;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class FlowModsTest {
    private final AtomicLong xids = new AtomicLong(100);
    private final FlowMods mods = new FlowMods(OF13, xids::getAndIncrement);

    @Test
    void addsComeBeforeModifiesBeforeDeletes() {
        FlowDiff diff = new FlowDiff(List.of(flow("10.0.0.1", 1), flow("10.0.0.2", 2)), List.of(flow("10.0.0.3", 3)),
                List.of(flow("10.0.0.4", 4), flow("10.0.0.5", 5)), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());

        List<OFMessage> messages = mods.flowMessages(diff);

        assertThat(messages).extracting(m -> ((OFFlowMod) m).getCommand())
                .containsExactly(OFFlowModCommand.ADD, OFFlowModCommand.ADD, OFFlowModCommand.MODIFY_STRICT,
                        OFFlowModCommand.DELETE_STRICT, OFFlowModCommand.DELETE_STRICT);
        assertThat(messages).extracting(OFMessage::getXid).containsExactly(100L, 101L, 102L, 103L, 104L);
        assertThat(messages).allSatisfy(m -> assertThat(m.getType()).isEqualTo(OFType.FLOW_MOD));
    }

    @Test
    void addCarriesTheWholeSpec() {
        FlowSpec spec = new FlowSpec(40, 200, flow("10.0.0.1", 1).match(), flow("10.0.0.1", 1).instructions(),
                U64.of(0x51CE020000000001L), 30, 300);
        OFFlowAdd add = (OFFlowAdd) mods.add(spec);
        assertThat(add.getTableId()).isEqualTo(TableId.of(40));
        assertThat(add.getPriority()).isEqualTo(200);
        assertThat(add.getMatch()).isEqualTo(spec.match());
        assertThat(add.getInstructions()).isEqualTo(spec.instructions());
        assertThat(add.getCookie()).isEqualTo(spec.cookie());
        assertThat(add.getIdleTimeout()).isEqualTo(30);
        assertThat(add.getHardTimeout()).isEqualTo(300);
        assertThat(add.getBufferId()).isEqualTo(OFBufferId.NO_BUFFER);
        assertThat(add.getFlags()).isEmpty();
    }

    @Test
    void modifyIsStrictWithTheNewInstructions() {
        FlowSpec spec = flow("10.0.0.1", 9);
        OFFlowModifyStrict modify = (OFFlowModifyStrict) mods.modify(spec);
        assertThat(modify.getTableId()).isEqualTo(TableId.of(spec.tableId()));
        assertThat(modify.getPriority()).isEqualTo(spec.priority());
        assertThat(modify.getMatch()).isEqualTo(spec.match());
        assertThat(modify.getInstructions()).isEqualTo(spec.instructions());
    }

    @Test
    void deleteIsStrictAndIgnoresCookieOutPortAndOutGroup() {
        FlowSpec spec = foreignFlow("10.0.0.4", 4);
        OFMessage message = mods.delete(spec);
        assertThat(message).isInstanceOf(OFFlowDeleteStrict.class);
        OFFlowDeleteStrict delete = (OFFlowDeleteStrict) message;
        assertThat(delete.getCookieMask()).isEqualTo(U64.ZERO);
        assertThat(delete.getOutPort()).isEqualTo(OFPort.ANY);
        assertThat(delete.getOutGroup()).isEqualTo(OFGroup.ANY);
        assertThat(delete.getTableId()).isEqualTo(TableId.of(spec.tableId()));
        assertThat(delete.getPriority()).isEqualTo(spec.priority());
        assertThat(delete.getMatch()).isEqualTo(spec.match());
    }

    @Test
    void groupMessagesCarryIdTypeAndBuckets() {
        GroupSpec group = allGroup(7, 1, 2);
        OFGroupAdd add = (OFGroupAdd) mods.addGroup(group);
        assertThat(add.getGroup()).isEqualTo(OFGroup.of(7));
        assertThat(add.getGroupType()).isEqualTo(group.type());
        assertThat(add.getBuckets()).isEqualTo(group.buckets());
        OFGroupModify modify = (OFGroupModify) mods.modifyGroup(group);
        assertThat(modify.getGroup()).isEqualTo(OFGroup.of(7));
        assertThat(modify.getBuckets()).isEqualTo(group.buckets());
        OFGroupDelete delete = (OFGroupDelete) mods.deleteGroup(group);
        assertThat(delete.getGroup()).isEqualTo(OFGroup.of(7));
    }
}
