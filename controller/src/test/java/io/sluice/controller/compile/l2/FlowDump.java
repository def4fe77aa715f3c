package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionDecNwTtl;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPopMpls;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushMpls;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteMetadata;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * Flows and groups as text close to ovs-ofctl's, with tables by name and each cookie explained back to the
 * model object it names (e.g. {@code CLASSIFY:red-a}), for readable expected dumps.
 */
public final class FlowDump {
    private static final Map<String, String> OVS_NAMES = Map.of("tunnel_id", "tun_id", "tunnel_ipv4_dst", "tun_dst",
            "tunnel_ipv4_src", "tun_src");
    private final Map<Long, String> names = new HashMap<>();

    /** Cookie tags are explained with the names of the snapshot's networks and ports. */
    public FlowDump(Snapshot snapshot) {
        snapshot.tenants().networks().values().forEach(n -> names.put(tag(n.id()), n.name()));
        snapshot.tenants().ports().values().forEach(p -> names.put(tag(p.id()), p.name()));
        for (Table table : Table.values()) {
            names.put(FlowCookie.of(Owner.PIPELINE, table.name()).objectTag(), table.name());
        }
    }

    /** One compiler's flows for one switch, sorted. */
    public static List<String> of(FlowCompiler compiler, Snapshot snapshot, DatapathId dpid) {
        FlowDump dump = new FlowDump(snapshot);
        return compiler.flows(CompileContext.fresh(snapshot, dpid)).stream().map(dump::line).sorted().toList();
    }

    /** Each table's flows, sorted, by table name. */
    public Map<String, List<String>> byTable(List<FlowSpec> flows) {
        Map<String, List<String>> tables = new TreeMap<>();
        for (FlowSpec flow : flows) {
            tables.computeIfAbsent(Table.describe(flow.tableId()), t -> new ArrayList<>()).add(line(flow));
        }
        tables.values().forEach(list -> list.sort(null));
        return tables;
    }

    String line(FlowSpec flow) {
        StringJoiner instructions = new StringJoiner(",");
        for (OFInstruction instruction : flow.instructions()) {
            if (instruction instanceof OFInstructionApplyActions apply) {
                instructions.add(actions(apply.getActions()));
            } else if (instruction instanceof OFInstructionWriteMetadata write) {
                instructions.add("write_metadata:" + hex(write.getMetadata()) + "/" + hex(write.getMetadataMask()));
            } else if (instruction instanceof OFInstructionGotoTable go) {
                instructions.add("goto_table:" + Table.describe(go.getTableId().getValue()));
            } else if (instruction instanceof OFInstructionMeter meter) {
                instructions.add("meter:" + meter.getMeterId());
            } else {
                throw new IllegalArgumentException("no text for " + instruction);
            }
        }
        String actions = instructions.length() == 0 ? "drop" : instructions.toString();
        FlowCookie cookie = FlowCookie.parse(flow.cookie()).orElseThrow();
        return "priority=" + flow.priority() + " " + match(flow.match()) + " actions=" + actions + " cookie="
                + cookie.owner() + ":" + names.getOrDefault(cookie.objectTag(), Long.toHexString(cookie.objectTag()));
    }

    public static String group(GroupSpec group) {
        StringJoiner text = new StringJoiner(",bucket=", "group_id=0x" + Long.toHexString(group.groupId()) + ",type="
                + group.type().name().toLowerCase() + ",bucket=", "");
        for (OFBucket bucket : group.buckets()) {
            text.add(actions(bucket.getActions()));
        }
        return text.toString();
    }

    static String match(Match match) {
        StringJoiner text = new StringJoiner(",");
        for (MatchField<?> field : match.getMatchFields()) {
            text.add(name(field) + "=" + value(match.isExact(field) ? match.get(field) : match.getMasked(field)));
        }
        return text.length() == 0 ? "*" : text.toString();
    }

    static String actions(List<OFAction> actions) {
        StringJoiner text = new StringJoiner(",");
        for (OFAction action : actions) {
            text.add(action(action));
        }
        return text.toString();
    }

    private static String action(OFAction action) {
        if (action instanceof OFActionOutput output) {
            OFPort port = output.getPort();
            return port.equals(OFPort.CONTROLLER) ? "controller:" + output.getMaxLen()
                    : port.equals(OFPort.IN_PORT) ? "in_port" : "output:" + port.getPortNumber();
        }
        if (action instanceof OFActionGroup group) {
            return "group:0x" + Integer.toHexString(group.getGroup().getGroupNumber());
        }
        if (action instanceof OFActionSetField set) {
            return "set_field:" + value(set.getField().getValue()) + "->" + name(set.getField().getMatchField());
        }
        if (action instanceof OFActionPushVlan push) {
            return "push_vlan:" + push.getEthertype();
        }
        if (action instanceof OFActionPopVlan) {
            return "pop_vlan";
        }
        if (action instanceof OFActionPushMpls push) {
            return "push_mpls:" + push.getEthertype();
        }
        if (action instanceof OFActionPopMpls pop) {
            return "pop_mpls:" + pop.getEthertype();
        }
        if (action instanceof OFActionDecNwTtl) {
            return "dec_ttl";
        }
        if (action instanceof OFActionNiciraMove move) {
            return "move:" + nxm(move.getSrc()) + "->" + nxm(move.getDst());
        }
        throw new IllegalArgumentException("no text for " + action);
    }

    private static String nxm(long header) {
        return NxmField.byHeader(header).map(f -> name(f.field())).orElse("0x" + Long.toHexString(header));
    }

    private static String name(MatchField<?> field) {
        return OVS_NAMES.getOrDefault(field.getName(), field.getName());
    }

    private static String value(Object value) {
        if (value instanceof Masked<?> masked) {
            return value(masked.getValue()) + "/" + value(masked.getMask());
        }
        if (value instanceof OFMetadata metadata) {
            return hex(metadata.getValue());
        }
        if (value instanceof U32 u32) {
            return String.valueOf(u32.getValue());
        }
        return value instanceof U64 u64 ? hex(u64) : String.valueOf(value);
    }

    private static String hex(U64 value) {
        return "0x" + Long.toHexString(value.getValue());
    }

    private static long tag(String id) {
        return FlowCookie.of(Owner.PIPELINE, UUID.fromString(id)).objectTag();
    }
}
