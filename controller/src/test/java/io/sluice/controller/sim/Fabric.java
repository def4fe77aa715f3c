package io.sluice.controller.sim;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.reconcile.SwitchState;
import io.sluice.controller.sim.SwitchTables.Emission;
import io.sluice.controller.sim.SwitchTables.Expired;
import io.sluice.controller.sim.SwitchTables.Output;
import io.sluice.controller.sim.SwitchTables.ToController;
import io.sluice.models.agent.AgentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * Every registered host's br-int, loaded with what {@link DesiredStateCompiler} compiles for it from scratch,
 * joined by the underlay. Output to a host's tunnel port (by kind in {@link AgentInfo#tunnelPorts}) is the
 * underlay, towards the host whose tunnel IP is tun_dst:
 * <ul>
 *   <li>{@value #VXLAN}: the Ethernet frame arrives whole through the receiver's VXLAN port, tun_id kept;
 *   <li>{@value #MPLSOGRE}: GRE with OVS's {@code packet_type=legacy_l3}: the Ethernet header is stripped on
 *       send (so only IPv4 and MPLS can go), and the receiver's pipeline sees the packet through its mplsogre
 *       port with zero MACs, the same eth_type and tun_id 0 (the port has no key).
 * </ul>
 * Either way the receiver sees tun_src and tun_dst and fresh metadata. A packet that crosses the underlay
 * more than {@value #MAX_TUNNEL_HOPS} times fails the test as a loop.
 */
public final class Fabric {
    public static final String VXLAN = "vxlan";
    public static final String MPLSOGRE = "mplsogre";
    public static final int MAX_TUNNEL_HOPS = 4;
    /** More copies than any flood in a test cloud makes: past it, the packet is a storm. */
    private static final int MAX_COPIES = 10_000;

    /** Where a copy of the packet ended. */
    public sealed interface Fate {
        String host();

        Packet packet();
    }

    /** Out of a port that is not a tunnel: a VM's (or a patch to a physical network). */
    public record Delivered(String host, int ofport, Packet packet) implements Fate {
    }

    public record Punted(String host, U64 cookie, Packet packet) implements Fate {
    }

    /** Dropped on the way for a reason the pipeline gave it (TTL) or the underlay (no such endpoint). */
    public record Vanished(String host, String why, Packet packet) implements Fate {
    }

    /** Every copy's fate and, for a failing test to print, every flow and tunnel the packet went through. */
    public record Journey(List<Fate> fates, List<Object> trace) {
        public List<Delivered> deliveries() {
            return fates.stream().filter(Delivered.class::isInstance).map(Delivered.class::cast).toList();
        }

        public String describe() {
            StringBuilder text = new StringBuilder("fates:");
            fates.forEach(f -> text.append("\n  ").append(f));
            text.append("\ntrace:");
            trace.forEach(t -> text.append("\n  ").append(t));
            return text.toString();
        }
    }

    /** A copy crossing the underlay, in a journey's trace: the packet as the receiver's pipeline gets it. */
    public record Crossing(String from, String to, String kind, Packet packet) {
        @Override
        public String toString() {
            return "underlay " + from + " -> " + to + " over " + kind + ": " + packet;
        }
    }

    private final Map<String, AgentInfo> hosts;
    private final Map<String, SwitchState> states = new TreeMap<>();
    private final Map<String, SwitchTables> switches = new TreeMap<>();

    public Fabric(Snapshot snapshot, DesiredStateCompiler compiler) {
        this.hosts = snapshot.hosts();
        snapshot.hostDatapaths().forEach((host, dpid) -> {
            SwitchState state = compiler.compileFresh(snapshot, dpid);
            states.put(host, state);
            switches.put(host, new SwitchTables(host, state));
        });
    }

    /** The fabric of the standard compilers. */
    public static Fabric of(Snapshot snapshot) {
        return new Fabric(snapshot, DesiredStateCompiler.standard());
    }

    public SwitchState switchOf(String host) {
        return states.get(host);
    }

    /** A VM on {@code host} sends {@code frame} into br-int through port {@code ofport}. */
    public Journey send(String host, int ofport, Packet frame) {
        Journey journey = new Journey(new ArrayList<>(), new ArrayList<>());
        run(host, enter(frame, ofport), 0, journey);
        return frozen(journey);
    }

    /** A frame arrives at {@code host}'s VXLAN port from {@code sourceIp} with VNI {@code tunId}. */
    public Journey receiveTunnelled(String host, String sourceIp, long tunId, Packet frame) {
        Journey journey = new Journey(new ArrayList<>(), new ArrayList<>());
        int port = tunnelPort(host, VXLAN).orElseThrow(() -> new AssertionError(host + " has no VXLAN port"));
        run(host, enter(frame, port).with(MatchField.TUNNEL_ID, U64.of(tunId))
                .with(MatchField.TUNNEL_IPV4_SRC, IPv4Address.of(sourceIp))
                .with(MatchField.TUNNEL_IPV4_DST, IPv4Address.of(hosts.get(host).tunnelIp())), 0, journey);
        return frozen(journey);
    }

    private static Journey frozen(Journey journey) {
        return new Journey(List.copyOf(journey.fates()), List.copyOf(journey.trace()));
    }

    private static Packet enter(Packet frame, int ofport) {
        return HeaderFields.headersOnly(frame).with(MatchField.IN_PORT, OFPort.of(ofport))
                .with(MatchField.METADATA, OFMetadata.ofRaw(0));
    }

    private void run(String host, Packet entering, int hops, Journey journey) {
        if (hops > MAX_TUNNEL_HOPS) {
            throw new AssertionError("packet looped through the underlay: " + entering + "\n" + journey.describe());
        }
        for (Emission emission : switches.get(host).process(entering, journey.trace()::add)) {
            if (journey.fates().size() > MAX_COPIES) {
                throw new AssertionError("packet storm: more than " + MAX_COPIES + " copies");
            }
            if (emission instanceof ToController punt) {
                journey.fates().add(new Punted(host, punt.cookie(), punt.packet()));
            } else if (emission instanceof Expired expired) {
                journey.fates().add(new Vanished(host, "TTL expired", expired.packet()));
            } else if (emission instanceof Output out) {
                String kind = kindOf(host, out.ofport());
                if (kind == null) {
                    journey.fates().add(new Delivered(host, out.ofport(), out.packet()));
                } else {
                    tunnel(host, kind, out.packet(), hops, journey);
                }
            }
        }
    }

    private void tunnel(String host, String kind, Packet packet, int hops, Journey journey) {
        IPv4Address remote = packet.get(MatchField.TUNNEL_IPV4_DST);
        if (remote == null || hosts.get(host).tunnelIp() == null) {
            throw new AssertionError(host + " outputs to its flow-based " + kind + " port without tun_dst or a "
                    + "local tunnel IP: " + packet + "\n" + journey.describe());
        }
        Packet carried = switch (kind) {
            case VXLAN -> packet.with(MatchField.TUNNEL_ID, HeaderFields.valueOf(packet, MatchField.TUNNEL_ID));
            case MPLSOGRE -> legacyL3(packet, journey);
            default -> throw new AssertionError("simulator does not model tunnel kind " + kind);
        };
        Optional<AgentInfo> receiver = hosts.values().stream()
                .filter(h -> remote.toString().equals(h.tunnelIp())).findFirst();
        Optional<Integer> port = receiver.flatMap(r -> tunnelPort(r.host(), kind));
        if (port.isEmpty() || !switches.containsKey(receiver.get().host())) {
            journey.fates().add(new Vanished(host, "no " + kind + " endpoint at " + remote, packet));
            return;
        }
        String to = receiver.get().host();
        journey.trace().add(new Crossing(host, to, kind, HeaderFields.headersOnly(carried)));
        Packet arriving = enter(carried, port.get())
                .with(MatchField.TUNNEL_ID, carried.get(MatchField.TUNNEL_ID))
                .with(MatchField.TUNNEL_IPV4_SRC, IPv4Address.of(hosts.get(host).tunnelIp()))
                .with(MatchField.TUNNEL_IPV4_DST, remote);
        run(to, arriving, hops + 1, journey);
    }

    /** What a legacy_l3 GRE port makes of a frame: no Ethernet header on the wire, zero MACs on arrival. */
    private static Packet legacyL3(Packet packet, Journey journey) {
        if (!packet.isA(EthType.IPv4) && !packet.isA(EthType.MPLS_UNICAST)) {
            throw new AssertionError("a legacy_l3 GRE port carries IPv4 or MPLS only, not " + packet + "\n"
                    + journey.describe());
        }
        return packet.with(MatchField.ETH_SRC, MacAddress.NONE).with(MatchField.ETH_DST, MacAddress.NONE)
                .without(MatchField.VLAN_VID).with(MatchField.TUNNEL_ID, U64.ZERO);
    }

    private String kindOf(String host, int ofport) {
        return hosts.get(host).tunnelPorts().entrySet().stream().filter(e -> e.getValue() == ofport)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private Optional<Integer> tunnelPort(String host, String kind) {
        return Optional.ofNullable(hosts.get(host).tunnelPorts().get(kind));
    }
}
