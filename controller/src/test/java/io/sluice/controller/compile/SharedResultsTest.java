package io.sluice.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.reconcile.SwitchState;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Switches share what their compiles built from equal inputs, and let go of what none of them uses. */
class SharedResultsTest {
    private final AtomicInteger builds = new AtomicInteger();
    private final Function<Key, Built> build = key -> new Built(key, builds.incrementAndGet());

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

        Built built = first.get(new Key(7), build);

        assertThat(second.get(new Key(7), build)).isSameAs(built);
        assertThat(second.get(new Key(8), build)).isNotEqualTo(built);
        assertThat(builds).hasValue(2);
        assertThat(shared.size()).isEqualTo(2);
    }

    @Test
    void aSwitchKeepsWhatItsLastCompileUsedAndNothingElse() {
        SharedResults shared = new SharedResults();
        Memo memo = new Memo(shared);
        Built built = memo.get(new Key(7), build);
        memo.get(new Key(8), build);
        memo.endCompile();

        assertThat(shared.size()).as("held for the memo's next compile").isEqualTo(2);
        assertThat(memo.get(new Key(7), build)).isSameAs(built);
        memo.endCompile();
        assertThat(shared.size()).as("only what the last compile used").isEqualTo(1);
        memo.endCompile(); // a compile that did not use it

        assertThat(shared.size()).as("let go").isZero();
        assertThat(memo.get(new Key(7), build).build()).as("built again").isEqualTo(3);
    }

    @Test
    void aResultLivesWhileAnyMemoUsesIt() {
        SharedResults shared = new SharedResults();
        Memo first = new Memo(shared);
        Memo second = new Memo(shared);
        Built built = first.get(new Key(7), build);
        first.get(new Key(7), build); // twice in one compile: two uses
        first.endCompile();
        second.get(new Key(7), build);
        second.endCompile();

        first.close();
        assertThat(second.get(new Key(7), build)).as("the second memo still used it").isSameAs(built);
        second.endCompile();
        second.close();

        assertThat(shared.size()).isZero();
        assertThat(builds).hasValue(1);
    }

    @Test
    void aClosedMemoLetsGoOfACompileThatDidNotEnd() {
        SharedResults shared = new SharedResults();
        Memo memo = new Memo(shared);
        memo.get(new Key(7), build);
        memo.endCompile();
        memo.get(new Key(8), build); // a compile that threw: never ended

        memo.close();

        assertThat(shared.size()).isZero();
    }

    @Test
    void releasingAUseNotAcquiredIsABug() {
        SharedResults shared = new SharedResults();
        SharedResults.Held use = shared.acquire(new Key(7), build);
        shared.release(new SharedResults.Held[] {use});

        assertThatThrownBy(() -> shared.release(new SharedResults.Held[] {use}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Key[n=7]");
    }

    private record Key(int n) {
    }

    private record Built(Key key, int build) {
    }
}
