package io.sluice.controller.pipeline;

import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/** Small flows and groups for tests: one IPv4 destination each, forwarded to one port. */
public final class TestFlows {
    public static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    public static final FlowCookie COOKIE = FlowCookie.of(Owner.OPERATOR, "test");

    private TestFlows() {
    }

    public static Match ipv4Dst(String ip) {
        return OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_DST, IPv4Address.of(ip)).build();
    }

    public static List<OFInstruction> output(int port) {
        return List.of(OF13.instructions().applyActions(List.of(OF13.actions().output(OFPort.of(port), 0))));
    }

    /** A flow in L2_FORWARD sending packets for {@code ipDst} out of {@code port}. */
    public static FlowSpec flow(String ipDst, int port) {
        return flow(ipDst, port, COOKIE);
    }

    public static FlowSpec flow(String ipDst, int port, FlowCookie cookie) {
        return FlowSpec.of(Table.L2_FORWARD, Priority.PORT, ipv4Dst(ipDst), output(port), cookie);
    }

    /** The same flow with a cookie Sluice did not write. */
    public static FlowSpec foreignFlow(String ipDst, int port) {
        return new FlowSpec(Table.L2_FORWARD.id(), Priority.PORT.value(), ipv4Dst(ipDst), output(port),
                U64.of(0xDEADBEEFL), 0, 0);
    }

    /** An ALL group copying packets to each port. */
    public static GroupSpec allGroup(long id, int... ports) {
        return new GroupSpec(id, OFGroupType.ALL, Arrays.stream(ports)
                .mapToObj(p -> OF13.buildBucket().setActions(List.of(OF13.actions().output(OFPort.of(p), 0)))
                        .setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY).build())
                .toList());
    }
}
