package io.sluice.bench.scale;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.errormsg.OFErrorMsgs;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * One emulated switch's flows, groups and meters, changed by flow-, group- and meter-mods with OpenFlow 1.3's
 * semantics as Open vSwitch applies them: an add replaces the flow of the same table, priority and match; a
 * modify changes the instructions of the flows it selects and keeps their cookies; strict commands select
 * by exact priority and match, loose ones every flow at least as specific as the match; modify and delete
 * select only flows whose cookie equals the request's under its cookie mask, and a delete also by out port
 * and out group. A flow naming a group or meter the switch lacks is refused, as is adding a group or meter
 * that exists or modifying one that does not; deleting a group deletes the flows that name it.
 * Not thread-safe: one connection's thread owns it.
 */
final class FlowTable {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFErrorMsgs ERRORS = OF13.errorMsgs();
    /** OFPM_ALL: every meter. */
    static final long ALL_METERS = 0xFFFFFFFFL;

    /** Each flow by its key (a stored flow equals any of the same table, priority and match), to the flow itself. */
    private final Map<StoredFlow, StoredFlow> flows;
    private final Map<OFGroup, OFGroupDescStatsEntry> groups;
    private final Map<Long, OFMeterConfig> meters;

    FlowTable() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>());
    }

    private FlowTable(Map<StoredFlow, StoredFlow> flows, Map<OFGroup, OFGroupDescStatsEntry> groups,
                      Map<Long, OFMeterConfig> meters) {
        this.flows = flows;
        this.groups = groups;
        this.meters = meters;
    }

    /** An independent copy, for applying a bundle all or nothing. */
    FlowTable copy() {
        return new FlowTable(new HashMap<>(flows), new HashMap<>(groups), new HashMap<>(meters));
    }

    /** Applies a flow-, group- or meter-mod; the error the switch answers with, if it refuses it. */
    Optional<OFErrorMsg> apply(OFMessage message) {
        if (message instanceof OFFlowMod flowMod) {
            return apply(flowMod);
        }
        if (message instanceof OFGroupMod groupMod) {
            return apply(groupMod);
        }
        if (message instanceof OFMeterMod meterMod) {
            return apply(meterMod);
        }
        return Optional.of(ERRORS.buildBadRequestErrorMsg().setXid(message.getXid())
                .setCode(OFBadRequestCode.BAD_TYPE).setData(cause(message)).build());
    }

    int flowCount() {
        return flows.size();
    }

    int groupCount() {
        return groups.size();
    }

    int meterCount() {
        return meters.size();
    }

    /** The flows a flow-stats request selects: its table (or all), cookie under mask, loose match, out port/group. */
    List<StoredFlow> flows(OFFlowStatsRequest request) {
        Predicate<StoredFlow> selected = selector(request.getTableId(), request.getMatch(), request.getCookie(),
                request.getCookieMask(), request.getOutPort(), request.getOutGroup());
        return flows.values().stream().filter(selected).toList();
    }

    List<OFGroupDescStatsEntry> groups() {
        return List.copyOf(groups.values());
    }

    /** Every meter, or the one meter asked for. */
    List<OFMeterConfig> meters(long meterId) {
        if (meterId == ALL_METERS) {
            return List.copyOf(meters.values());
        }
        OFMeterConfig meter = meters.get(meterId);
        return meter == null ? List.of() : List.of(meter);
    }

    private Optional<OFErrorMsg> apply(OFFlowMod mod) {
        switch (mod.getCommand()) {
            case ADD -> {
                if (mod.getTableId().equals(TableId.ALL)) {
                    return flowModFailed(mod, OFFlowModFailedCode.BAD_TABLE_ID);
                }
                Optional<OFErrorMsg> missing = missingReference(mod, mod.getInstructions());
                if (missing.isPresent()) {
                    return missing;
                }
                StoredFlow flow = StoredFlow.of(mod);
                flows.put(flow, flow);
            }
            case MODIFY, MODIFY_STRICT -> {
                if (mod.getTableId().equals(TableId.ALL)) {
                    return flowModFailed(mod, OFFlowModFailedCode.BAD_TABLE_ID);
                }
                Optional<OFErrorMsg> missing = missingReference(mod, mod.getInstructions());
                if (missing.isPresent()) {
                    return missing;
                }
                // OpenFlow 1.1 and later: a modify that selects nothing adds nothing, and keeps cookies.
                for (StoredFlow old : selected(mod)) {
                    StoredFlow modified = StoredFlow.of(old.decoded().createBuilder()
                            .setInstructions(mod.getInstructions()).build());
                    flows.put(modified, modified);
                }
            }
            case DELETE, DELETE_STRICT -> selected(mod).forEach(flows::remove);
            default -> {
                return flowModFailed(mod, OFFlowModFailedCode.BAD_COMMAND);
            }
        }
        return Optional.empty();
    }

    private List<StoredFlow> selected(OFFlowMod mod) {
        boolean strict = switch (mod.getCommand()) {
            case MODIFY_STRICT, DELETE_STRICT -> true;
            default -> false;
        };
        boolean delete = switch (mod.getCommand()) {
            case DELETE, DELETE_STRICT -> true;
            default -> false;
        };
        // Only deletes filter by out port and group (OpenFlow 1.3, 6.4).
        OFPort outPort = delete ? mod.getOutPort() : OFPort.ANY;
        OFGroup outGroup = delete ? mod.getOutGroup() : OFGroup.ANY;
        Predicate<StoredFlow> byCookieAndOut = selector(TableId.ALL, OF13.matchWildcardAll(), mod.getCookie(),
                mod.getCookieMask(), outPort, outGroup);
        if (strict) {
            StoredFlow flow = flows.get(StoredFlow.of(mod));
            return flow != null && byCookieAndOut.test(flow) ? List.of(flow) : List.of();
        }
        Predicate<StoredFlow> loose = selector(mod.getTableId(), mod.getMatch(), mod.getCookie(),
                mod.getCookieMask(), outPort, outGroup);
        return flows.values().stream().filter(loose).toList();
    }

    private Optional<OFErrorMsg> apply(OFGroupMod mod) {
        OFGroup group = mod.getGroup();
        switch (mod.getCommand()) {
            case ADD -> {
                if (groups.containsKey(group)) {
                    return groupModFailed(mod, OFGroupModFailedCode.GROUP_EXISTS);
                }
                groups.put(group, groupEntry(mod));
            }
            case MODIFY -> {
                if (!groups.containsKey(group)) {
                    return groupModFailed(mod, OFGroupModFailedCode.UNKNOWN_GROUP);
                }
                groups.put(group, groupEntry(mod));
            }
            case DELETE -> {
                List<OFGroup> gone = group.equals(OFGroup.ALL) ? List.copyOf(groups.keySet()) : List.of(group);
                gone.forEach(groups::remove);
                // OpenFlow 1.3, 6.5: deleting a group removes the flows that forward to it.
                flows.values().removeIf(flow -> {
                    List<OFInstruction> instructions = flow.decoded().getInstructions();
                    return gone.stream().anyMatch(g -> outputsTo(instructions, OFPort.ANY, g));
                });
            }
            default -> {
                return groupModFailed(mod, OFGroupModFailedCode.BAD_COMMAND);
            }
        }
        return Optional.empty();
    }

    private Optional<OFErrorMsg> apply(OFMeterMod mod) {
        long id = mod.getMeterId();
        switch (mod.getCommand()) {
            case ADD -> {
                if (meters.containsKey(id)) {
                    return meterModFailed(mod, OFMeterModFailedCode.METER_EXISTS);
                }
                meters.put(id, meterConfig(mod));
            }
            case MODIFY -> {
                if (!meters.containsKey(id)) {
                    return meterModFailed(mod, OFMeterModFailedCode.UNKNOWN_METER);
                }
                meters.put(id, meterConfig(mod));
            }
            case DELETE -> {
                if (id == ALL_METERS) {
                    meters.clear();
                } else {
                    meters.remove(id);
                }
            }
            default -> {
                return meterModFailed(mod, OFMeterModFailedCode.BAD_COMMAND);
            }
        }
        return Optional.empty();
    }

    /** A group or meter the instructions name that this switch lacks, as the switch's error. */
    private Optional<OFErrorMsg> missingReference(OFFlowMod mod, List<OFInstruction> instructions) {
        for (OFInstruction instruction : instructions) {
            if (instruction instanceof OFInstructionMeter meter && !meters.containsKey(meter.getMeterId())) {
                return meterModFailed(mod, OFMeterModFailedCode.UNKNOWN_METER);
            }
            for (OFAction action : actionsOf(instruction)) {
                if (action instanceof OFActionGroup group && !groups.containsKey(group.getGroup())) {
                    return Optional.of(ERRORS.buildBadActionErrorMsg().setXid(mod.getXid())
                            .setCode(OFBadActionCode.BAD_OUT_GROUP).setData(cause(mod)).build());
                }
            }
        }
        return Optional.empty();
    }

    /** Tables and cookies are read off the stored bytes; a flow is decoded only to filter by match or output. */
    private static Predicate<StoredFlow> selector(TableId table, Match match, U64 cookie, U64 cookieMask,
                                                  OFPort outPort, OFGroup outGroup) {
        long mask = cookieMask.getValue();
        long want = cookie.getValue() & mask;
        boolean anyTable = table.equals(TableId.ALL);
        boolean anyMatch = !match.getMatchFields().iterator().hasNext();
        boolean anyOutput = outPort.equals(OFPort.ANY) && outGroup.equals(OFGroup.ANY);
        return flow -> {
            if (!(anyTable || flow.table().equals(table)) || (flow.cookie() & mask) != want) {
                return false;
            }
            if (anyMatch && anyOutput) {
                return true;
            }
            OFFlowStatsEntry decoded = flow.decoded();
            return (anyMatch || atLeastAsSpecific(decoded.getMatch(), match))
                    && (anyOutput || outputsTo(decoded.getInstructions(), outPort, outGroup));
        };
    }

    /**
     * Whether every packet {@code flow} matches is also matched by {@code filter}: each field the filter sets
     * is set in the flow, on at least the filter's mask bits, with the same value on them.
     */
    static boolean atLeastAsSpecific(Match flow, Match filter) {
        for (MatchField<?> field : filter.getMatchFields()) {
            if (!covers(flow, filter, field)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean covers(Match flow, Match filter, MatchField field) {
        if (!flow.isExact(field) && !flow.isPartiallyMasked(field)) {
            return false;
        }
        if (filter.isExact(field)) {
            return flow.isExact(field) && flow.get(field).equals(filter.get(field));
        }
        Masked want = filter.getMasked(field);
        OFValueType mask = (OFValueType) want.getMask();
        if (flow.isExact(field)) {
            return ((OFValueType) flow.get(field)).applyMask(mask).equals(((OFValueType) want.getValue()).applyMask(mask));
        }
        Masked have = flow.getMasked(field);
        return ((OFValueType) have.getMask()).applyMask(mask).equals(mask)
                && ((OFValueType) have.getValue()).applyMask(mask).equals(((OFValueType) want.getValue()).applyMask(mask));
    }

    /** Whether the instructions output to the port or the group (ANY matching any). */
    private static boolean outputsTo(List<OFInstruction> instructions, OFPort port, OFGroup group) {
        for (OFInstruction instruction : instructions) {
            for (OFAction action : actionsOf(instruction)) {
                if (action instanceof OFActionOutput output && !port.equals(OFPort.ANY)
                        && output.getPort().equals(port)) {
                    return true;
                }
                if (action instanceof OFActionGroup g && !group.equals(OFGroup.ANY) && g.getGroup().equals(group)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<OFAction> actionsOf(OFInstruction instruction) {
        if (instruction instanceof OFInstructionApplyActions apply) {
            return apply.getActions();
        }
        if (instruction instanceof OFInstructionWriteActions write) {
            return write.getActions();
        }
        return List.of();
    }

    private static OFGroupDescStatsEntry groupEntry(OFGroupMod mod) {
        return OF13.buildGroupDescStatsEntry().setGroup(mod.getGroup()).setGroupType(mod.getGroupType())
                .setBuckets(mod.getBuckets()).build();
    }

    private static OFMeterConfig meterConfig(OFMeterMod mod) {
        return OF13.buildMeterConfig().setMeterId(mod.getMeterId()).setFlags(mod.getFlags())
                .setEntries(mod.getMeters()).build();
    }

    private static Optional<OFErrorMsg> flowModFailed(OFFlowMod mod, OFFlowModFailedCode code) {
        return Optional.of(ERRORS.buildFlowModFailedErrorMsg().setXid(mod.getXid()).setCode(code)
                .setData(cause(mod)).build());
    }

    private static Optional<OFErrorMsg> groupModFailed(OFGroupMod mod, OFGroupModFailedCode code) {
        return Optional.of(ERRORS.buildGroupModFailedErrorMsg().setXid(mod.getXid()).setCode(code)
                .setData(cause(mod)).build());
    }

    private static Optional<OFErrorMsg> meterModFailed(OFMessage mod, OFMeterModFailedCode code) {
        return Optional.of(ERRORS.buildMeterModFailedErrorMsg().setXid(mod.getXid()).setCode(code)
                .setData(cause(mod)).build());
    }

    /** The error's data: the first 64 bytes of the refused message, as OpenFlow asks. */
    private static OFErrorCauseData cause(OFMessage message) {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        byte[] bytes = new byte[Math.min(64, buf.readableBytes())];
        buf.readBytes(bytes);
        return OFErrorCauseData.of(bytes, OFVersion.OF_13);
    }
}
