package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Table;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.models.agent.AgentInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteMetadata;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.U64;

/**
 * Every switch of a snapshot as in-memory flow tables, to tell where a packet ends up. It follows OVS's
 * semantics for what Sluice uses: per table the highest-priority matching flow wins (two at one priority
 * that would act differently fail the test: OVS would pick either); apply-actions run in order, then
 * write_metadata, then goto_table, and a flow without goto ends the pipeline; an ALL group runs each bucket
 * on its own copy; output to the packet's own in_port is dropped unless it is OFPP_IN_PORT; set_field and
 * Nicira move rewrite fields.
 *
 * <p>Output to a host's VXLAN port is the underlay: the packet needs tun_id and tun_dst, and reaches the host
 * whose tunnel IP is tun_dst, in through that host's VXLAN port with tun_id and tun_src set and metadata
 * cleared. A packet that crosses the underlay more than {@value #MAX_TUNNEL_HOPS} times fails as a loop.
 */
final class FlowTableSimulator {
    static final int MAX_TUNNEL_HOPS = 4;
    private static final List<MatchField<?>> PIPELINE_FIELDS = List.of(MatchField.IN_PORT, MatchField.METADATA,
            MatchField.TUNNEL_ID, MatchField.TUNNEL_IPV4_SRC, MatchField.TUNNEL_IPV4_DST);

    /** Where a copy of the packet ended: out of a port (a VM's), or at the controller. */
    sealed interface Fate {
    }

    record Delivered(String host, int ofport, Packet packet) implements Fate {
    }

    record Punted(String host, U64 cookie, Packet packet) implements Fate {
    }

    private final Map<String, AgentInfo> hosts;
    private final Map<String, SwitchState> switches = new TreeMap<>();

    FlowTableSimulator(Snapshot snapshot, DesiredStateCompiler compiler) {
        this.hosts = snapshot.hosts();
        snapshot.hostDatapaths().forEach((host, dpid) -> switches.put(host, compiler.compile(snapshot, dpid)));
    }

    SwitchState switchOf(String host) {
        return switches.get(host);
    }

    /** A VM on {@code host} sends {@code frame} into br-int through port {@code ofport}. */
    List<Fate> send(String host, int ofport, Packet frame) {
        List<Fate> fates = new ArrayList<>();
        run(host, enter(frame, ofport), 0, fates);
        return fates;
    }

    /** A frame arrives at {@code host}'s VXLAN port from {@code sourceIp} with VNI {@code tunId}. */
    List<Fate> receiveTunnelled(String host, String sourceIp, long tunId, Packet frame) {
        List<Fate> fates = new ArrayList<>();
        run(host, enter(frame, vxlanPort(host)).with(MatchField.TUNNEL_ID, U64.of(tunId))
                .with(MatchField.TUNNEL_IPV4_SRC, IPv4Address.of(sourceIp)), 0, fates);
        return fates;
    }

    private static Packet enter(Packet frame, int ofport) {
        Packet packet = frame;
        for (MatchField<?> field : PIPELINE_FIELDS) {
            packet = packet.without(field);
        }
        return packet.with(MatchField.IN_PORT, OFPort.of(ofport)).with(MatchField.METADATA, OFMetadata.ofRaw(0));
    }

    private void run(String host, Packet entering, int hops, List<Fate> fates) {
        if (hops > MAX_TUNNEL_HOPS) {
            throw new AssertionError("packet looped through the underlay: " + entering);
        }
        Packet packet = entering;
        int table = Table.CLASSIFY.id();
        while (true) {
            FlowSpec flow = lookup(host, table, packet);
            Integer next = null;
            for (OFInstruction instruction : flow.instructions()) {
                if (instruction instanceof OFInstructionApplyActions apply) {
                    packet = apply(host, flow, apply.getActions(), packet, hops, fates);
                } else if (instruction instanceof OFInstructionWriteMetadata write) {
                    long mask = write.getMetadataMask().getValue();
                    long old = packet.get(MatchField.METADATA).getValue().getValue();
                    packet = packet.with(MatchField.METADATA,
                            OFMetadata.ofRaw(old & ~mask | write.getMetadata().getValue() & mask));
                } else if (instruction instanceof OFInstructionGotoTable go) {
                    next = (int) go.getTableId().getValue();
                } else {
                    throw new AssertionError("simulator does not know " + instruction);
                }
            }
            if (next == null) {
                return;
            }
            if (next <= table) {
                throw new AssertionError("goto_table backwards from " + Table.describe(table) + " in " + flow);
            }
            table = next;
        }
    }

    private FlowSpec lookup(String host, int table, Packet packet) {
        List<FlowSpec> hits = switches.get(host).flows().values().stream()
                .filter(f -> f.tableId() == table && matches(f.match(), packet))
                .sorted(Comparator.comparingInt(FlowSpec::priority).reversed()).toList();
        if (hits.isEmpty()) {
            throw new AssertionError(host + " " + Table.describe(table) + " has no flow for " + packet);
        }
        if (hits.size() > 1 && hits.get(1).priority() == hits.get(0).priority()
                && !hits.get(1).instructions().equals(hits.get(0).instructions())) {
            throw new AssertionError(host + ": two flows at one priority match " + packet + ": " + hits.subList(0, 2));
        }
        return hits.get(0);
    }

    private Packet apply(String host, FlowSpec flow, List<OFAction> actions, Packet start, int hops,
                         List<Fate> fates) {
        Packet packet = start;
        for (OFAction action : actions) {
            if (action instanceof OFActionOutput output) {
                output(host, flow, output.getPort(), packet, hops, fates);
            } else if (action instanceof OFActionGroup group) {
                GroupSpec spec = switches.get(host).groups().get(group.getGroup().getGroupNumber() & 0xFFFFFFFFL);
                if (spec == null) {
                    throw new AssertionError(host + " has no group " + group.getGroup() + " for " + flow);
                }
                for (OFBucket bucket : spec.buckets()) {
                    apply(host, flow, bucket.getActions(), packet, hops, fates);
                }
            } else if (action instanceof OFActionSetField set) {
                packet = packet.with(set.getField().getMatchField(), set.getField().getValue());
            } else if (action instanceof OFActionNiciraMove move) {
                packet = move(move, packet);
            } else {
                throw new AssertionError("simulator does not know " + action);
            }
        }
        return packet;
    }

    private static Packet move(OFActionNiciraMove move, Packet packet) {
        NxmField from = NxmField.byHeader(move.getSrc()).orElseThrow(() -> new AssertionError("move from " + move));
        NxmField to = NxmField.byHeader(move.getDst()).orElseThrow(() -> new AssertionError("move to " + move));
        if (move.getSrcOfs() != 0 || move.getDstOfs() != 0 || move.getNBits() != from.bits()
                || from.bits() != to.bits()) {
            throw new AssertionError("simulator moves whole fields only: " + move);
        }
        OFValueType<?> value = packet.fields().get(from.field());
        if (value == null) {
            throw new AssertionError("move from a field the packet lacks (OVS would refuse the flow): " + move);
        }
        return packet.with(to.field(), value);
    }

    private void output(String host, FlowSpec flow, OFPort port, Packet packet, int hops, List<Fate> fates) {
        OFPort inPort = packet.get(MatchField.IN_PORT);
        if (port.equals(OFPort.CONTROLLER)) {
            fates.add(new Punted(host, flow.cookie(), packet));
            return;
        }
        if (port.equals(inPort)) {
            return; // OVS never sends a packet back out of its in_port unless told OFPP_IN_PORT
        }
        OFPort out = port.equals(OFPort.IN_PORT) ? inPort : port;
        if (out.getPortNumber() == vxlanPort(host)) {
            tunnel(host, packet, hops, fates);
        } else {
            fates.add(new Delivered(host, out.getPortNumber(), packet));
        }
    }

    private void tunnel(String host, Packet packet, int hops, List<Fate> fates) {
        IPv4Address remote = packet.get(MatchField.TUNNEL_IPV4_DST);
        U64 vni = packet.get(MatchField.TUNNEL_ID);
        if (remote == null || vni == null) {
            throw new AssertionError("output to a flow-based VXLAN port without tun_dst and tun_id: " + packet);
        }
        hosts.values().stream().filter(h -> remote.toString().equals(h.tunnelIp())).findFirst()
                .ifPresent(peer -> run(peer.host(), enter(packet, vxlanPort(peer.host()))
                        .with(MatchField.TUNNEL_ID, vni)
                        .with(MatchField.TUNNEL_IPV4_SRC, IPv4Address.of(hosts.get(host).tunnelIp()))
                        .with(MatchField.TUNNEL_IPV4_DST, remote), hops + 1, fates));
    }

    private int vxlanPort(String host) {
        return hosts.get(host).tunnelPorts().getOrDefault(SwitchView.VXLAN_PORT, -1);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean matches(Match match, Packet packet) {
        for (MatchField field : match.getMatchFields()) {
            OFValueType value = packet.fields().get(field);
            if (value == null) {
                return false;
            }
            boolean hit = match.isExact(field) ? match.get(field).equals(value)
                    : matchesMasked(match.getMasked(field), value);
            if (!hit) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean matchesMasked(Masked masked, OFValueType value) {
        return value.applyMask(masked.getMask()).equals(masked.getValue().applyMask(masked.getMask()));
    }
}
