package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.L2Compilers;
import io.sluice.controller.compile.provider.ProviderClassifyCompiler;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.reconcile.SwitchState;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.types.DatapathId;

/** A switch's whole desired state: every compiler's share, joined. */
public final class DesiredStateCompiler {
    private final List<FlowCompiler> compilers;

    public DesiredStateCompiler(List<FlowCompiler> compilers) {
        this.compilers = List.copyOf(compilers);
    }

    public static DesiredStateCompiler standard() {
        List<FlowCompiler> compilers = new ArrayList<>(List.of(new PipelineCompiler(), new OperatorFlowCompiler()));
        compilers.addAll(L2Compilers.all());
        compilers.add(new ProviderClassifyCompiler());
        return new DesiredStateCompiler(compilers);
    }

    public SwitchState compile(Snapshot snapshot, DatapathId dpid) {
        List<FlowSpec> flows = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        for (FlowCompiler compiler : compilers) {
            flows.addAll(compiler.flows(snapshot, dpid));
            groups.addAll(compiler.groups(snapshot, dpid));
        }
        return SwitchState.of(flows, groups);
    }
}
