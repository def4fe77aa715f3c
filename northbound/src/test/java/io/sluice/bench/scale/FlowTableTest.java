package io.sluice.bench.scale;

import static io.sluice.bench.scale.EmulatedSwitch.OF13;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadActionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFGroupModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFMeterModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class FlowTableTest {
    private final FlowTable table = new FlowTable();

    @Test
    void addReplacesTheFlowOfTheSameTablePriorityAndMatch() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)));
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xB, TestMods.output(2)));
        table.apply(TestMods.add(1, 200, TestMods.ipDst("10.0.0.1"), 0xB, TestMods.output(2)));

        assertThat(table.flowCount()).isEqualTo(2);
        OFFlowStatsEntry replaced = only(1, 100);
        assertThat(replaced.getCookie()).isEqualTo(U64.of(0xB));
        assertThat(replaced.getInstructions()).isEqualTo(TestMods.output(2));
    }

    @Test
    void strictModifyChangesInstructionsAndKeepsTheCookie() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)));

        table.apply(OF13.buildFlowModifyStrict().setTableId(TableId.of(1)).setPriority(100)
                .setMatch(TestMods.ipDst("10.0.0.1")).setCookie(U64.of(0xFF)).setCookieMask(U64.ZERO)
                .setInstructions(TestMods.output(7)).build());

        assertThat(only(1, 100).getInstructions()).isEqualTo(TestMods.output(7));
        assertThat(only(1, 100).getCookie()).isEqualTo(U64.of(0xA));
    }

    @Test
    void modifyThatSelectsNothingAddsNothing() {
        table.apply(OF13.buildFlowModify().setTableId(TableId.of(1)).setMatch(TestMods.ipDst("10.0.0.1"))
                .setInstructions(TestMods.output(7)).build());

        assertThat(table.flowCount()).isZero();
    }

    @Test
    void looseModifySelectsByCookieUnderItsMaskAndByMoreSpecificMatches() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0x1_0001, TestMods.output(1)));
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.1.1"), 0x1_0002, TestMods.output(1)));
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.2"), 0x2_0001, TestMods.output(1)));

        Match inTen = OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, IPv4AddressWithMask.of("10.0.0.0/24")).build();
        table.apply(OF13.buildFlowModify().setTableId(TableId.of(1)).setMatch(inTen).setCookie(U64.of(0x1_0000))
                .setCookieMask(U64.of(0xF_0000)).setInstructions(TestMods.output(9)).build());

        assertThat(dump(TestMods.dumpAll())).filteredOn(f -> f.getInstructions().equals(TestMods.output(9)))
                .extracting(f -> f.getMatch().get(MatchField.IPV4_DST))
                .containsExactly(IPv4Address.of("10.0.0.1"));
    }

    @Test
    void strictDeleteNeedsTheCookieUnderItsMask() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)));

        table.apply(TestMods.deleteStrict(1, 100, TestMods.ipDst("10.0.0.1"), 0xB, ~0L));
        assertThat(table.flowCount()).isOne();
        table.apply(TestMods.deleteStrict(1, 100, TestMods.ipDst("10.0.0.1"), 0xB, 0));
        assertThat(table.flowCount()).isZero();
    }

    @Test
    void strictDeleteLeavesOtherPrioritiesLooseDeleteTakesEveryMoreSpecificFlowInAnyTable() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)));
        table.apply(TestMods.add(2, 50, TestMods.ipDst("10.0.0.2"), 0xA, TestMods.output(1)));
        table.apply(TestMods.add(2, 50, OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP).build(), 0xA,
                TestMods.output(1)));

        table.apply(TestMods.deleteStrict(1, 101, TestMods.ipDst("10.0.0.1"), 0, 0));
        assertThat(table.flowCount()).isEqualTo(3);

        table.apply(OF13.buildFlowDelete().setTableId(TableId.ALL)
                .setMatch(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).build()).build());
        assertThat(dump(TestMods.dumpAll())).extracting(f -> f.getMatch().get(MatchField.ETH_TYPE))
                .containsExactly(EthType.ARP);
    }

    @Test
    void deleteFiltersByOutPort() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)));
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.2"), 0xA, TestMods.output(2)));

        table.apply(OF13.buildFlowDelete().setTableId(TableId.ALL).setOutPort(OFPort.of(2)).build());

        assertThat(dump(TestMods.dumpAll())).extracting(f -> f.getMatch().get(MatchField.IPV4_DST))
                .containsExactly(IPv4Address.of("10.0.0.1"));
    }

    @Test
    void flowStatsSelectByTableAndCookie() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0x1_0001, TestMods.output(1)));
        table.apply(TestMods.add(2, 100, TestMods.ipDst("10.0.0.1"), 0x2_0001, TestMods.output(1)));

        assertThat(dump(OF13.buildFlowStatsRequest().setTableId(TableId.of(2)).build())).hasSize(1);
        assertThat(dump(OF13.buildFlowStatsRequest().setTableId(TableId.ALL).setCookie(U64.of(0x1_0000))
                .setCookieMask(U64.of(0xF_0000)).build()))
                .extracting(OFFlowStatsEntry::getTableId).containsExactly(TableId.of(1));
    }

    @Test
    void aFlowNamingAMissingGroupIsRefusedAndDeletingAGroupDeletesItsFlows() {
        Optional<OFErrorMsg> refused = table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA,
                TestMods.toGroup(5)));
        assertThat(refused).containsInstanceOf(OFBadActionErrorMsg.class);
        assertThat(table.flowCount()).isZero();

        assertThat(table.apply(TestMods.groupAdd(5))).isEmpty();
        assertThat(table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.toGroup(5)))).isEmpty();
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.2"), 0xA, TestMods.output(1)));

        table.apply(OF13.buildGroupDelete().setGroup(OFGroup.of(5)).setGroupType(OFGroupType.ALL).build());

        assertThat(table.groupCount()).isZero();
        assertThat(dump(TestMods.dumpAll())).extracting(f -> f.getMatch().get(MatchField.IPV4_DST))
                .containsExactly(IPv4Address.of("10.0.0.2"));
    }

    @Test
    void groupsAreAddedOnceAndModifiedOnlyWhenTheyExist() {
        assertThat(table.apply(TestMods.groupAdd(5))).isEmpty();
        assertThat(table.apply(TestMods.groupAdd(5))).containsInstanceOf(OFGroupModFailedErrorMsg.class);
        assertThat(table.apply(OF13.buildGroupModify().setGroup(OFGroup.of(6)).setGroupType(OFGroupType.ALL)
                .setBuckets(List.of()).build())).containsInstanceOf(OFGroupModFailedErrorMsg.class);
        assertThat(table.groups()).extracting(g -> g.getGroup()).containsExactly(OFGroup.of(5));
    }

    @Test
    void metersAreAddedModifiedAndDeletedByIdAndFlowsMayNameOnlyExistingOnes() {
        List<OFInstruction> metered = List.of(OF13.instructions().buildMeter().setMeterId(3).build());
        assertThat(table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, metered)))
                .containsInstanceOf(OFMeterModFailedErrorMsg.class);

        assertThat(table.apply(meter(OFMeterModCommand.ADD, 3, 10))).isEmpty();
        assertThat(table.apply(meter(OFMeterModCommand.ADD, 3, 10))).containsInstanceOf(OFMeterModFailedErrorMsg.class);
        assertThat(table.apply(meter(OFMeterModCommand.MODIFY, 3, 20))).isEmpty();
        assertThat(table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, metered))).isEmpty();
        assertThat(table.meters(3)).singleElement()
                .satisfies(m -> assertThat(m.getEntries()).isEqualTo(meter(OFMeterModCommand.ADD, 3, 20).getMeters()));

        table.apply(meter(OFMeterModCommand.DELETE, FlowTable.ALL_METERS, 0));
        assertThat(table.meters(FlowTable.ALL_METERS)).isEmpty();
    }

    @Test
    void aCopyIsIndependent() {
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)));
        FlowTable copy = table.copy();
        copy.apply(TestMods.deleteStrict(1, 100, TestMods.ipDst("10.0.0.1"), 0, 0));

        assertThat(table.flowCount()).isOne();
        assertThat(copy.flowCount()).isZero();
    }

    @Test
    void aMatchWithItsFieldsInAnotherOrderIsTheSameFlowAndADumpShowsWhatWasAdded() {
        Match ipFirst = OF13.buildMatch().setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.1"))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4).build();
        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)).createBuilder()
                .setIdleTimeout(30).setHardTimeout(60).setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM)).build());

        table.apply(TestMods.add(1, 100, ipFirst, 0xB, TestMods.output(2)));

        assertThat(table.flowCount()).isOne();
        table.apply(TestMods.deleteStrict(1, 100, ipFirst, 0, 0));
        assertThat(table.flowCount()).isZero();

        table.apply(TestMods.add(1, 100, TestMods.ipDst("10.0.0.1"), 0xA, TestMods.output(1)).createBuilder()
                .setIdleTimeout(30).setHardTimeout(60).setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM)).build());
        OFFlowStatsEntry shown = only(1, 100);
        assertThat(shown.getMatch()).isEqualTo(TestMods.ipDst("10.0.0.1"));
        assertThat(shown.getCookie()).isEqualTo(U64.of(0xA));
        assertThat(shown.getInstructions()).isEqualTo(TestMods.output(1));
        assertThat(List.of(shown.getIdleTimeout(), shown.getHardTimeout())).containsExactly(30, 60);
        assertThat(shown.getFlags()).containsExactly(OFFlowModFlags.SEND_FLOW_REM);
    }

    /** The flows a request selects, as OpenFlowJ reads them from the switch's encoding. */
    private List<OFFlowStatsEntry> dump(OFFlowStatsRequest request) {
        return table.flows(request).stream().map(StoredFlow::decoded).toList();
    }

    private OFFlowStatsEntry only(int tableId, int priority) {
        return dump(TestMods.dumpAll()).stream()
                .filter(f -> f.getTableId().equals(TableId.of(tableId)) && f.getPriority() == priority)
                .reduce((a, b) -> {
                    throw new AssertionError("two flows at " + tableId + "/" + priority);
                }).orElseThrow();
    }

    private static org.projectfloodlight.openflow.protocol.OFMeterMod meter(OFMeterModCommand command, long id,
                                                                          long rate) {
        return OF13.buildMeterMod().setCommand(command).setMeterId(id).setFlags(Set.of(OFMeterFlags.PKTPS))
                .setMeters(List.of(OF13.meterBands().buildDrop().setRate(rate).setBurstSize(rate).build())).build();
    }
}
