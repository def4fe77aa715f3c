package io.sluice.bench.scale;

import static io.sluice.bench.scale.EmulatedSwitch.OF13;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Flow-, group- and stats messages for the fleet's tests. */
final class TestMods {
    private TestMods() {
    }

    static Match ipDst(String address) {
        return OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_DST, IPv4Address.of(address)).build();
    }

    static List<OFInstruction> output(int port) {
        return List.of(OF13.instructions().applyActions(List.of(OF13.actions().output(OFPort.of(port), 0))));
    }

    static List<OFInstruction> toGroup(int group) {
        return List.of(OF13.instructions().applyActions(List.of(OF13.actions().group(OFGroup.of(group)))));
    }

    static OFFlowAdd add(int table, int priority, Match match, long cookie, List<OFInstruction> instructions) {
        return OF13.buildFlowAdd().setTableId(TableId.of(table)).setPriority(priority).setMatch(match)
                .setCookie(U64.of(cookie)).setInstructions(instructions).build();
    }

    static OFFlowDeleteStrict deleteStrict(int table, int priority, Match match, long cookie, long cookieMask) {
        return OF13.buildFlowDeleteStrict().setTableId(TableId.of(table)).setPriority(priority).setMatch(match)
                .setCookie(U64.of(cookie)).setCookieMask(U64.of(cookieMask)).build();
    }

    static OFGroupAdd groupAdd(int group) {
        return OF13.buildGroupAdd().setGroup(OFGroup.of(group)).setGroupType(OFGroupType.ALL)
                .setBuckets(List.of(OF13.buildBucket().setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY)
                        .setActions(List.of(OF13.actions().output(OFPort.of(1), 0))).build())).build();
    }

    /** A dump of every flow, as the reconciler asks for it. */
    static OFFlowStatsRequest dumpAll() {
        return OF13.buildFlowStatsRequest().setTableId(TableId.ALL).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setMatch(OF13.matchWildcardAll()).build();
    }
}
