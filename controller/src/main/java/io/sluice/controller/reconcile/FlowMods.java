package io.sluice.controller.reconcile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Turns flow, group and meter specs into OpenFlow 1.3 messages. Pure: xids come from the caller. */
public final class FlowMods {
    private final OFFactory factory;
    private final LongSupplier xids;

    public FlowMods(OFFactory factory, LongSupplier xids) {
        this.factory = factory;
        this.xids = xids;
    }

    public OFMessage add(FlowSpec flow) {
        return factory.buildFlowAdd().setXid(xids.getAsLong())
                .setTableId(TableId.of(flow.tableId())).setPriority(flow.priority()).setMatch(flow.match())
                .setInstructions(flow.instructions()).setCookie(flow.cookie())
                .setIdleTimeout(flow.idleTimeout()).setHardTimeout(flow.hardTimeout())
                .setBufferId(OFBufferId.NO_BUFFER).setFlags(Set.<OFFlowModFlags>of()).build();
    }

    public OFMessage modify(FlowSpec flow) {
        return factory.buildFlowModifyStrict().setXid(xids.getAsLong())
                .setTableId(TableId.of(flow.tableId())).setPriority(flow.priority()).setMatch(flow.match())
                .setInstructions(flow.instructions()).setCookie(flow.cookie())
                .setIdleTimeout(flow.idleTimeout()).setHardTimeout(flow.hardTimeout())
                .setBufferId(OFBufferId.NO_BUFFER).build();
    }

    /** Deletes exactly this flow, whatever its cookie: the controller is authoritative for the bridge. */
    public OFMessage delete(FlowSpec flow) {
        return factory.buildFlowDeleteStrict().setXid(xids.getAsLong())
                .setTableId(TableId.of(flow.tableId())).setPriority(flow.priority()).setMatch(flow.match())
                .setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build();
    }

    public OFMessage addGroup(GroupSpec group) {
        return factory.buildGroupAdd().setXid(xids.getAsLong()).setGroup(OFGroup.of((int) group.groupId()))
                .setGroupType(group.type()).setBuckets(group.buckets()).build();
    }

    public OFMessage modifyGroup(GroupSpec group) {
        return factory.buildGroupModify().setXid(xids.getAsLong()).setGroup(OFGroup.of((int) group.groupId()))
                .setGroupType(group.type()).setBuckets(group.buckets()).build();
    }

    public OFMessage deleteGroup(GroupSpec group) {
        return factory.buildGroupDelete().setXid(xids.getAsLong()).setGroup(OFGroup.of((int) group.groupId()))
                .setGroupType(group.type()).build();
    }

    public OFMessage addMeter(MeterSpec meter) {
        return meterMod(OFMeterModCommand.ADD, meter);
    }

    public OFMessage modifyMeter(MeterSpec meter) {
        return meterMod(OFMeterModCommand.MODIFY, meter);
    }

    public OFMessage deleteMeter(MeterSpec meter) {
        return factory.buildMeterMod().setXid(xids.getAsLong()).setCommand(OFMeterModCommand.DELETE)
                .setMeterId(meter.meterId()).setFlags(Set.of()).setMeters(List.of()).build();
    }

    private OFMessage meterMod(OFMeterModCommand command, MeterSpec meter) {
        return factory.buildMeterMod().setXid(xids.getAsLong()).setCommand(command).setMeterId(meter.meterId())
                .setFlags(MeterSpec.FLAGS)
                .setMeters(List.of(factory.meterBands().drop(meter.packetsPerSecond(), meter.burst()))).build();
    }

    /**
     * The flow messages of a diff, adds and modifies before deletes: when applied without a bundle, a new
     * path is in place before the old one goes, so traffic never falls between them.
     */
    public List<OFMessage> flowMessages(FlowDiff diff) {
        return Stream.of(diff.toAdd().stream().map(this::add), diff.toModify().stream().map(this::modify),
                diff.toDelete().stream().map(this::delete)).flatMap(s -> s).toList();
    }
}
