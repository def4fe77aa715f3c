package io.sluice.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.reconcile.SwitchState;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Switches share what their compiles built from equal inputs, and let go of what none of them holds. */
class SharedResultsTest {

    @Test
    void twoSwitchesOfANetworkHoldTheVeryFlowsOfARemotePort() {
        Snapshot before = Lab.snapshot();
        Snapshot after = Lab.plug(before, Lab.RED_D, "hv3", 1); // red-d: remote to hv1 and hv2, both serving red
        DesiredStateCompiler compiler = DesiredStateCompiler.standard();
        SwitchState hv1Before = DesiredStateCompiler.standard().compileFresh(before, Lab.HV1);

        SwitchState hv1 = compiler.compile(after, Lab.HV1);
        SwitchState hv2 = compiler.compile(after, Lab.HV2);

        List<FlowSpec> remotePortFlows = hv1.flows().values().stream()
                .filter(flow -> !flow.equals(hv1Before.flows().get(flow.key()))).toList();
        assertThat(remotePortFlows).as("red-d's flows on hv1").isNotEmpty()
                .allMatch(flow -> hv2.flows().get(flow.key()) == flow, "the very instance on hv2");
        assertThat(hv1).isEqualTo(DesiredStateCompiler.standard().compileFresh(after, Lab.HV1));
        assertThat(hv2).isEqualTo(DesiredStateCompiler.standard().compileFresh(after, Lab.HV2));
    }

    @Test
    void aSwitchGetsWhatAnotherBuiltForAnEqualKey() {
        SharedResults shared = new SharedResults();
        Memo first = new Memo(shared);
        Memo second = new Memo(shared);
        AtomicInteger builds = new AtomicInteger();

        Object built = first.get(new Key(7), key -> new Built(key, builds.incrementAndGet()));

        assertThat(second.<Key, Object>get(new Key(7), key -> new Built(key, builds.incrementAndGet())))
                .isSameAs(built);
        assertThat(second.<Key, Object>get(new Key(8), key -> new Built(key, builds.incrementAndGet())))
                .isNotEqualTo(built);
        assertThat(builds).hasValue(2);
    }

    @Test
    void aResultNoSwitchHoldsIsLetGo() {
        SharedResults shared = new SharedResults();
        AtomicInteger builds = new AtomicInteger();
        WeakReference<Built> built = new WeakReference<>(
                shared.get(new Key(7), key -> new Built(key, builds.incrementAndGet())));

        collect(built);

        assertThat(built.get()).as("collected: the shared results hold it only weakly").isNull();
        assertThat(shared.<Key, Built>get(new Key(7), key -> new Built(key, builds.incrementAndGet())).build())
                .as("built again").isEqualTo(2);
    }

    @Test
    void aSwitchKeepsWhatItsLastCompileUsedAndNothingElse() {
        SharedResults shared = new SharedResults();
        Memo memo = new Memo(shared);
        AtomicInteger builds = new AtomicInteger();
        WeakReference<Built> built = new WeakReference<>(
                memo.get(new Key(7), key -> new Built(key, builds.incrementAndGet())));
        memo.endCompile();

        collect(built);
        assertThat(built.get()).as("held by the memo for its next compile").isNotNull();
        assertThat(memo.<Key, Built>get(new Key(7), key -> new Built(key, builds.incrementAndGet())))
                .isSameAs(built.get());
        memo.endCompile();
        memo.endCompile(); // a compile that did not use it

        collect(built);
        assertThat(built.get()).as("let go").isNull();
        assertThat(builds).hasValue(1);
    }

    /** Full collections until the referent is gone, or enough of them that it is held. */
    private static void collect(WeakReference<?> reference) {
        for (int attempt = 0; attempt < 20 && reference.get() != null; attempt++) {
            System.gc();
        }
    }

    private record Key(int n) {
    }

    private record Built(Key key, int build) {
    }
}
