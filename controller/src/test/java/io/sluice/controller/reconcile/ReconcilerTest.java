package io.sluice.controller.reconcile;

import static io.sluice.controller.pipeline.TestFlows.OF13;
import static io.sluice.controller.pipeline.TestFlows.allGroup;
import static io.sluice.controller.pipeline.TestFlows.flow;
import static io.sluice.controller.pipeline.TestFlows.foreignFlow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.netty.buffer.Unpooled;
import io.sluice.controller.openflow.FakeSwitch;
import io.sluice.controller.openflow.RawOfMessage;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadMatchCode;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The reconciler against a switch played by hand over the controller's real channel: every byte it sends
 * is read back and every answer is written as a switch would.
 */
class ReconcilerTest {
    private static final DatapathId DPID = DatapathId.of(0x1234);
    private static final FlowSpec A = flow("10.0.0.1", 1);
    private static final FlowSpec B = flow("10.0.0.2", 2);
    private static final FlowSpec C = flow("10.0.0.3", 3);
    private static final FlowSpec STRAY = foreignFlow("10.0.0.9", 9);
    private static final GroupSpec GROUP = allGroup(1, 1, 2);

    private final AtomicReference<SwitchState> desired = new AtomicReference<>();
    private final AtomicBoolean known = new AtomicBoolean(true);

    private FakeSwitch connect(SwitchState want, int bundleLimit, Reconciler[] out) {
        desired.set(want);
        Reconciler reconciler = new Reconciler(dpid -> desired.get(), dpid -> known.get(), bundleLimit);
        out[0] = reconciler;
        return FakeSwitch.connected(DPID, reconciler);
    }

    private static OFFlowStatsEntry entry(FlowSpec flow) {
        return OF13.buildFlowStatsEntry().setTableId(TableId.of(flow.tableId())).setPriority(flow.priority())
                .setMatch(flow.match()).setInstructions(flow.instructions()).setCookie(flow.cookie())
                .setIdleTimeout(flow.idleTimeout()).setHardTimeout(flow.hardTimeout()).setDurationSec(100)
                .setPacketCount(U64.of(10)).setByteCount(U64.of(1000)).setFlags(Set.of()).build();
    }

    private static OFGroupDescStatsEntry groupEntry(GroupSpec group) {
        return OF13.buildGroupDescStatsEntry().setGroup(OFGroup.of((int) group.groupId()))
                .setGroupType(group.type()).setBuckets(group.buckets()).build();
    }

    private static void answerDump(FakeSwitch sw, List<FlowSpec> flows, List<GroupSpec> groups) {
        answerDump(sw, flows, groups, List.of());
    }

    /** Answers the dump the reconciler asks for on connect; the flows come in two parts. */
    private static void answerDump(FakeSwitch sw, List<FlowSpec> flows, List<GroupSpec> groups,
                                   List<OFMeterConfig> meters) {
        List<Object> requests = sw.received();
        assertThat(requests).hasSize(3);
        OFFlowStatsRequest flowRequest = (OFFlowStatsRequest) requests.get(0);
        assertThat(flowRequest.getTableId()).isEqualTo(TableId.ALL);
        assertThat(flowRequest.getCookieMask()).as("every flow, whoever wrote it").isEqualTo(U64.ZERO);
        assertThat(flowRequest.getOutPort()).isEqualTo(OFPort.ANY);
        assertThat(flowRequest.getOutGroup()).isEqualTo(OFGroup.ANY);
        assertThat(flowRequest.getMatch()).isEqualTo(OF13.matchWildcardAll());
        OFGroupDescStatsRequest groupRequest = (OFGroupDescStatsRequest) requests.get(1);

        int half = flows.size() / 2;
        sw.send(OF13.buildFlowStatsReply().setXid(flowRequest.getXid()).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(flows.subList(0, half).stream().map(ReconcilerTest::entry).toList()).build());
        sw.send(OF13.buildFlowStatsReply().setXid(flowRequest.getXid()).setFlags(Set.of())
                .setEntries(flows.subList(half, flows.size()).stream().map(ReconcilerTest::entry).toList()).build());
        sw.send(OF13.buildGroupDescStatsReply().setXid(groupRequest.getXid()).setFlags(Set.of())
                .setEntries(groups.stream().map(ReconcilerTest::groupEntry).toList()).build());
        OFMeterConfigStatsRequest meterRequest = (OFMeterConfigStatsRequest) requests.get(2);
        assertThat(meterRequest.getMeterId()).as("OFPM_ALL").isEqualTo(0xFFFFFFFFL);
        sw.send(OF13.buildMeterConfigStatsReply().setXid(meterRequest.getXid()).setFlags(Set.of())
                .setEntries(meters).build());
    }

    private static OFMeterConfig meterEntry(MeterSpec meter) {
        return OF13.buildMeterConfig().setMeterId(meter.meterId()).setFlags(MeterSpec.FLAGS)
                .setEntries(List.of(OF13.meterBands().drop(meter.packetsPerSecond(), meter.burst()))).build();
    }

    /** The flow-mods inside a bundle's frames (OPEN, ADD..., COMMIT), checking the frame kinds. */
    private static List<OFMessage> bundled(List<Object> frames) throws Exception {
        assertThat(frames).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(f -> assertThat(f).isInstanceOf(RawOfMessage.class));
        List<OFMessage> inner = new ArrayList<>();
        for (Object f : frames.subList(1, frames.size() - 1)) {
            byte[] bytes = ((RawOfMessage) f).bytes();
            assertThat(ByteBuffer.wrap(bytes).getInt(12)).as("BUNDLE_ADD").isEqualTo(2301);
            inner.add(OFFactories.getGenericReader()
                    .readFrom(Unpooled.wrappedBuffer(bytes, 24, bytes.length - 24)));
        }
        return inner;
    }

    private static void commit(FakeSwitch sw, List<Object> frames) {
        for (Object frame : List.of(frames.get(0), frames.get(frames.size() - 1))) {
            RawOfMessage raw = (RawOfMessage) frame;
            ByteBuffer b = raw.buffer();
            // The reply's control type is the request's plus one (OPEN_REPLY, COMMIT_REPLY).
            byte[] reply = raw.bytes();
            ByteBuffer.wrap(reply).putShort(20, (short) (b.getShort(20) + 1));
            sw.sendBytes(reply);
        }
    }

    private static FlowSpec specOf(OFFlowMod mod) {
        return new FlowSpec(mod.getTableId().getValue(), mod.getPriority(), mod.getMatch(), mod.getInstructions(),
                mod.getCookie(), mod.getIdleTimeout(), mod.getHardTimeout());
    }

    @Test
    void aSwitchNoAgentHasIdentifiedIsLeftAloneUntilItIs() throws Exception {
        known.set(false);
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A), List.of()), 100, reconciler);

        reconciler[0].modelChanged();
        reconciler[0].audit();
        assertThat(sw.received()).as("not even a dump before the switch is known").isEmpty();

        known.set(true);
        reconciler[0].modelChanged();
        answerDump(sw, List.of(A, STRAY), List.of());
        List<Object> frames = sw.received();
        assertThat(bundled(frames)).singleElement().isInstanceOf(OFFlowDeleteStrict.class);
    }

    @Test
    void aConnectingSwitchIsCompiledAndDumpedOnTheGivenExecutorNotItsOwnThread() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger compiles = new AtomicInteger();
        desired.set(SwitchState.of(List.of(A), List.of()));
        Reconciler reconciler = new Reconciler(dpid -> {
            compiles.incrementAndGet();
            return desired.get();
        }, dpid -> true, 100, queued::add, queued::add);
        FakeSwitch sw = FakeSwitch.connected(DPID, reconciler);

        assertThat(compiles).as("nothing compiled on the switch's thread").hasValue(0);
        assertThat(sw.received()).isEmpty();
        assertThat(reconciler.atDesired(DPID)).isEmpty();

        queued.forEach(Runnable::run);
        assertThat(compiles).hasValue(1);
        answerDump(sw, List.of(A), List.of());
        assertThat(reconciler.atDesired(DPID)).contains(true);
        assertThat(sw.received()).as("no flow-mod for a switch that holds its state").isEmpty();
    }

    /** As after a restart, when the model comes in while switches connect: each is read once, not twice. */
    @Test
    void aSwitchAModelChangeRanFirstIsReadOnceNotAgainByItsConnectRun() {
        List<Runnable> queued = new ArrayList<>();
        desired.set(SwitchState.of(List.of(A), List.of()));
        Reconciler reconciler = new Reconciler(dpid -> desired.get(), dpid -> true, 100, queued::add, queued::add);
        FakeSwitch sw = FakeSwitch.connected(DPID, reconciler);

        reconciler.modelChanged();
        answerDump(sw, List.of(A), List.of());
        queued.forEach(Runnable::run);

        assertThat(sw.received()).as("no second dump").isEmpty();
        assertThat(reconciler.atDesired(DPID)).contains(true);
    }

    @Test
    void aSwitchGoneBeforeItsConnectRunIsNeitherCompiledNorRead() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger compiles = new AtomicInteger();
        Reconciler reconciler = new Reconciler(dpid -> {
            compiles.incrementAndGet();
            return SwitchState.of(List.of(A), List.of());
        }, dpid -> true, 100, queued::add, queued::add);
        FakeSwitch sw = FakeSwitch.connected(DPID, reconciler);

        reconciler.switchDisconnected(sw.session());
        queued.forEach(Runnable::run);

        assertThat(compiles).hasValue(0);
        assertThat(reconciler.atDesired(DPID)).isEmpty();
        assertThat(reconciler.desired(DPID)).isEmpty();
    }

    @Test
    void switchesConnectingTogetherAreCompiledAheadNewestFirstAndEachRunAsksItsStateAgain() {
        List<Runnable> runs = new ArrayList<>();
        List<Runnable> ahead = new ArrayList<>();
        List<DatapathId> compiled = new ArrayList<>();
        SwitchState before = SwitchState.of(List.of(A), List.of());
        SwitchState after = SwitchState.of(List.of(A, B), List.of());
        desired.set(before);
        Reconciler reconciler = new Reconciler(dpid -> {
            compiled.add(dpid);
            return desired.get();
        }, dpid -> true, 100, runs::add, ahead::add);
        List<FakeSwitch> switches = List.of(FakeSwitch.connected(DatapathId.of(1), reconciler),
                FakeSwitch.connected(DatapathId.of(2), reconciler), FakeSwitch.connected(DatapathId.of(3), reconciler));

        ahead.get(0).run();
        assertThat(compiled).as("the newest first").containsExactly(DatapathId.of(3));
        assertThat(switches.get(2).received()).as("compiling ahead sends nothing").isEmpty();
        runs.get(0).run();
        ahead.get(1).run();
        ahead.get(2).run();
        assertThat(compiled).as("the first by its run, the second ahead, then none left").containsExactly(
                DatapathId.of(3), DatapathId.of(1), DatapathId.of(2));

        desired.set(after); // a model change after switch 3 was compiled ahead
        runs.get(2).run();
        assertThat(compiled).endsWith(DatapathId.of(3));
        assertThat(reconciler.desired(DatapathId.of(3))).as("the run's own compile, not the one ahead")
                .contains(after);
        assertThat(switches.get(2).received()).as("the run dumps the switch").hasSize(3);
    }

    @Test
    void aSwitchGoneBeforeItIsCompiledAheadIsNotCompiled() {
        List<Runnable> ahead = new ArrayList<>();
        AtomicInteger compiles = new AtomicInteger();
        Reconciler reconciler = new Reconciler(dpid -> {
            compiles.incrementAndGet();
            return SwitchState.EMPTY;
        }, dpid -> true, 100, task -> { }, ahead::add);
        FakeSwitch sw = FakeSwitch.connected(DPID, reconciler);

        reconciler.switchDisconnected(sw.session());
        ahead.forEach(Runnable::run);

        assertThat(compiles).hasValue(0);
    }

    @Test
    void switchAlreadyHoldingTheDesiredStateReceivesOnlyTheDumpRequests() {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A, B, C), List.of(GROUP)), 100, reconciler);
        assertThat(reconciler[0].atDesired(DPID)).as("while the dump is outstanding").isEmpty();

        answerDump(sw, List.of(C, A, B), List.of(GROUP));

        assertThat(reconciler[0].atDesired(DPID)).contains(true);
        assertThat(sw.received()).as("no flow-mod, no bundle, no barrier").isEmpty();
        ReconcileResult result = reconciler[0].lastResult(DPID).orElseThrow();
        assertThat(result.dumped()).isTrue();
        assertThat(result.sent().isEmpty()).isTrue();
        assertThat(result.converged()).isTrue();
    }

    @Test
    void aModelChangeAsksTheSwitchesItNamesOnly() throws Exception {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A), List.of()), 100, reconciler);
        answerDump(sw, List.of(A), List.of());

        desired.set(SwitchState.of(List.of(A, B), List.of()));
        reconciler[0].modelChanged(Optional.of(Set.of()));
        assertThat(sw.received()).as("a change that names no switch").isEmpty();
        reconciler[0].modelChanged(Optional.of(Set.of(DPID)));
        assertThat(bundled(sw.received())).singleElement().isInstanceOf(OFFlowAdd.class);
    }

    @Test
    void aSwitchIsNamedAmongTheStateChangesWhenARunStartsAndWhenItEnds() {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A), List.of()), 100, reconciler);
        assertThat(reconciler[0].takeStateChanges()).as("connected, its first run under way").containsExactly(DPID);
        assertThat(reconciler[0].takeStateChanges()).as("taken").isEmpty();

        answerDump(sw, List.of(A), List.of());
        assertThat(reconciler[0].atDesired(DPID)).contains(true);
        assertThat(reconciler[0].takeStateChanges()).as("its run ended").containsExactly(DPID);

        desired.set(SwitchState.of(List.of(A, B), List.of()));
        reconciler[0].modelChanged();
        assertThat(reconciler[0].atDesired(DPID)).isEmpty();
        assertThat(reconciler[0].takeStateChanges()).as("a run under way again").containsExactly(DPID);

        reconciler[0].switchDisconnected(sw.session());
        assertThat(reconciler[0].takeStateChanges()).as("gone").containsExactly(DPID);
    }

    @Test
    void strayFlowIsDeletedAndMissingOneAddedInOneBundle() throws Exception {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A, B), List.of()), 100, reconciler);
        answerDump(sw, List.of(A, STRAY), List.of());

        List<Object> frames = sw.received();
        List<OFMessage> inner = bundled(frames);

        assertThat(inner).hasSize(2);
        assertThat(inner.get(0)).isInstanceOfSatisfying(OFFlowAdd.class,
                add -> assertThat(specOf(add)).isEqualTo(B));
        assertThat(inner.get(1)).isInstanceOfSatisfying(OFFlowDeleteStrict.class, delete -> {
            assertThat(delete.getMatch()).isEqualTo(STRAY.match());
            assertThat(delete.getPriority()).isEqualTo(STRAY.priority());
            assertThat(delete.getTableId().getValue()).isEqualTo((short) STRAY.tableId());
        });

        commit(sw, frames);
        OFBarrierRequest barrier = sw.receivedOnly(OFBarrierRequest.class);
        assertThat(reconciler[0].lastResult(DPID)).as("done only at the barrier").isEmpty();
        sw.send(OF13.buildBarrierReply().setXid(barrier.getXid()).build());

        ReconcileResult result = reconciler[0].lastResult(DPID).orElseThrow();
        assertThat(result.converged()).isTrue();
        assertThat(result.bundled()).isTrue();
        assertThat(result.sent()).isEqualTo(new FlowDiff.Counts(1, 0, 1, 0, 0));
    }

    @Test
    void inspectDiffsEachSwitchAgainstTheDesiredStateCompiledNowAndSendsNothing() {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A, B), List.of()), 100, reconciler);
        answerDump(sw, List.of(A, B), List.of());
        ReconcileResult converged = reconciler[0].lastResult(DPID).orElseThrow();

        desired.set(SwitchState.of(List.of(A, C), List.of(GROUP)));
        CompletableFuture<java.util.Map<DatapathId, FlowDiff>> inspected = reconciler[0].inspect();
        answerDump(sw, List.of(A, B, STRAY), List.of());

        FlowDiff diff = inspected.join().get(DPID);
        assertThat(diff.toAdd()).containsExactly(C);
        assertThat(diff.toDelete()).containsExactlyInAnyOrder(B, STRAY);
        assertThat(diff.groupsToAdd()).containsExactly(GROUP);
        assertThat(sw.received()).as("an inspection repairs nothing").isEmpty();
        assertThat(reconciler[0].lastResult(DPID)).contains(converged);
    }

    @Test
    void afterConvergingOnlyChangesAreSentWithoutAnotherDump() throws Exception {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A), List.of()), 100, reconciler);
        answerDump(sw, List.of(A), List.of());
        assertThat(sw.received()).isEmpty();

        CompletableFuture<Void> unchanged = reconciler[0].modelChanged();
        assertThat(unchanged).isCompleted();
        assertThat(sw.received()).as("same desired state: nothing").isEmpty();

        desired.set(SwitchState.of(List.of(A, C), List.of()));
        CompletableFuture<Void> changed = reconciler[0].modelChanged();
        List<Object> frames = sw.received();
        assertThat(frames).as("no dump: the installed state is tracked")
                .noneMatch(m -> m instanceof OFFlowStatsRequest);
        assertThat(bundled(frames)).singleElement().isInstanceOfSatisfying(OFFlowAdd.class,
                add -> assertThat(specOf(add)).isEqualTo(C));
        commit(sw, frames);
        sw.send(OF13.buildBarrierReply().setXid(sw.receivedOnly(OFBarrierRequest.class).getXid()).build());

        assertThat(changed).isCompleted();
        assertThat(reconciler[0].lastResult(DPID).orElseThrow().dumped()).isFalse();
    }

    @Test
    void metersAreAddedModifiedAndDeletedByIdAndAForeignShapeIsReplaced() throws Exception {
        MeterSpec kept = new MeterSpec(2, 100, 200);
        MeterSpec slower = new MeterSpec(3, 10, 20);
        MeterSpec missing = new MeterSpec(4, 10, 20);
        OFMeterConfig kbps = OF13.buildMeterConfig().setMeterId(5).setFlags(Set.of(OFMeterFlags.KBPS))
                .setEntries(List.of(OF13.meterBands().drop(10, 20))).build();
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A), List.of(), List.of(kept, slower, missing,
                new MeterSpec(5, 10, 20))), 100, reconciler);
        answerDump(sw, List.of(A), List.of(), List.of(meterEntry(kept), meterEntry(new MeterSpec(3, 50, 20)),
                meterEntry(new MeterSpec(6, 1, 1)), kbps));

        List<Object> sent = sw.received();
        List<OFMeterMod> mods = sent.stream().filter(m -> m instanceof OFMeterMod).map(m -> (OFMeterMod) m).toList();
        assertThat(mods).extracting(OFMeterMod::getCommand, OFMeterMod::getMeterId).containsExactlyInAnyOrder(
                tuple(OFMeterModCommand.ADD, 4L), tuple(OFMeterModCommand.MODIFY, 3L),
                tuple(OFMeterModCommand.MODIFY, 5L), tuple(OFMeterModCommand.DELETE, 6L));
        assertThat(mods.get(mods.size() - 1).getCommand()).as("deletes after the flows, so last here")
                .isEqualTo(OFMeterModCommand.DELETE);
        assertThat(mods).filteredOn(m -> m.getMeterId() == 3).singleElement().satisfies(m -> {
            assertThat(m.getMeters()).containsExactly(OF13.meterBands().drop(10, 20));
            assertThat(m.getFlags()).isEqualTo(MeterSpec.FLAGS);
        });
        assertThat(sent).as("no flow changed: meters and a barrier only").hasSize(mods.size() + 1);
        sw.send(OF13.buildBarrierReply().setXid(((OFBarrierRequest) sent.get(sent.size() - 1)).getXid()).build());
        assertThat(reconciler[0].lastResult(DPID).orElseThrow().sent().meterChanges()).isEqualTo(4);
    }

    @Test
    void largeDiffIsPipelinedWithAClosingBarrier() {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A, B), List.of(GROUP)), 0, reconciler);
        answerDump(sw, List.of(STRAY), List.of());

        // EmbeddedChannel runs queued writes re-entrantly, so the order across the session's calls is not
        // the wire order a real event loop gives; what was sent is.
        List<Object> sent = sw.received();
        assertThat(sent).noneMatch(m -> m instanceof RawOfMessage);
        assertThat(sent).filteredOn(m -> m instanceof OFFlowAdd).extracting(m -> specOf((OFFlowMod) m))
                .containsExactlyInAnyOrder(A, B);
        assertThat(sent).filteredOn(m -> m instanceof OFFlowDeleteStrict).hasSize(1);
        assertThat(sent).filteredOn(m -> m instanceof OFGroupAdd)
                .hasSize(1);
        OFBarrierRequest barrier = (OFBarrierRequest) sent.stream().filter(m -> m instanceof OFBarrierRequest)
                .findFirst().orElseThrow();
        sw.send(OF13.buildBarrierReply().setXid(barrier.getXid()).build());

        ReconcileResult result = reconciler[0].lastResult(DPID).orElseThrow();
        assertThat(result.bundled()).isFalse();
        assertThat(result.converged()).isTrue();
        assertThat(result.sent()).isEqualTo(new FlowDiff.Counts(2, 0, 1, 1, 0));
    }

    @Test
    void refusedBundleFallsBackToSingleFlowModsAndReportsTheBadOne() throws Exception {
        Reconciler[] reconciler = new Reconciler[1];
        FakeSwitch sw = connect(SwitchState.of(List.of(A, B), List.of()), 100, reconciler);
        answerDump(sw, List.of(), List.of());
        List<Object> frames = sw.received();
        assertThat(bundled(frames)).hasSize(2);

        RawOfMessage open = (RawOfMessage) frames.get(0);
        RawOfMessage commit = (RawOfMessage) frames.get(frames.size() - 1);
        byte[] openReply = open.bytes();
        ByteBuffer.wrap(openReply).putShort(20, (short) 1);
        sw.sendBytes(openReply);
        sw.sendBytes(ByteBuffer.allocate(16).put((byte) 4).put((byte) 1).putShort((short) 16)
                .putInt((int) commit.xid()).putShort((short) 0xFFFF).putShort((short) 2313).putInt(0x4F4E4600)
                .array());

        // The same changes again, one flow-mod each, then a barrier.
        List<Object> retry = sw.received();
        List<OFFlowAdd> adds = retry.stream().filter(m -> m instanceof OFFlowAdd).map(m -> (OFFlowAdd) m).toList();
        assertThat(adds).extracting(ReconcilerTest::specOf).containsExactlyInAnyOrder(A, B);
        OFFlowAdd bad = adds.stream().filter(a -> specOf(a).equals(B)).findFirst().orElseThrow();
        OFBarrierRequest barrier = (OFBarrierRequest) retry.stream().filter(m -> m instanceof OFBarrierRequest)
                .findFirst().orElseThrow();
        sw.send(OF13.errorMsgs().buildBadMatchErrorMsg().setXid(bad.getXid()).setCode(OFBadMatchCode.BAD_PREREQ)
                .build());
        sw.send(OF13.buildBarrierReply().setXid(barrier.getXid()).build());

        ReconcileResult result = reconciler[0].lastResult(DPID).orElseThrow();
        assertThat(result.converged()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.xid()).isEqualTo(bad.getXid());
            assertThat(e.cause()).contains(bad);
        });
    }
}
