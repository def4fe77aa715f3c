package io.sluice.controller.compile.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.reconcile.FlowMods;
import io.sluice.controller.reconcile.SwitchState;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Every VXLAN flow and group survives OpenFlowJ's encoder and decoder unchanged, so what the switch is sent
 * is what was compiled, and the Nicira moves and tunnel set-fields are encodable in OpenFlow 1.3.
 */
class WireFormatTest {
    private final FlowMods mods = new FlowMods(FlowParts.OF13, new AtomicLong(1)::getAndIncrement);

    @Test
    void flowsAndGroupsRoundTripThroughTheWire() throws OFParseError {
        SwitchState hv1 = DesiredStateCompiler.standard().compile(Lab.snapshot(), Lab.HV1);
        for (FlowSpec flow : hv1.flows().values()) {
            OFFlowAdd read = (OFFlowAdd) roundTrip(mods.add(flow));
            assertThat(new FlowSpec(read.getTableId().getValue(), read.getPriority(), read.getMatch(),
                    read.getInstructions(), read.getCookie(), read.getIdleTimeout(), read.getHardTimeout()))
                    .isEqualTo(flow);
        }
        for (GroupSpec group : hv1.groups().values()) {
            OFGroupAdd read = (OFGroupAdd) roundTrip(mods.addGroup(group));
            assertThat(new GroupSpec(read.getGroup().getGroupNumber() & 0xFFFFFFFFL, read.getGroupType(),
                    read.getBuckets())).isEqualTo(group);
        }
    }

    private static OFMessage roundTrip(OFMessage message) throws OFParseError {
        ByteBuf wire = Unpooled.buffer();
        message.writeTo(wire);
        assertThat(wire.readableBytes() % 8).as("OpenFlow messages are padded to 8 bytes").isZero();
        return OFFactories.getGenericReader().readFrom(wire);
    }
}
