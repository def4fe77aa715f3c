package io.sluice.controller.compile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.List;

/** The operator's hand-configured flows and groups for one switch (parsed once, when the file is read). */
public final class OperatorFlowCompiler implements FlowCompiler {
    @Override
    public List<FlowSpec> flows(CompileContext context) {
        Snapshot snapshot = context.snapshot();
        return snapshot.operatorFlows().flows().stream()
                .filter(f -> snapshot.resolve(f.switchName()).filter(context.dpid()::equals).isPresent())
                .map(OperatorFlows.Flow::spec).toList();
    }

    @Override
    public List<GroupSpec> groups(CompileContext context) {
        Snapshot snapshot = context.snapshot();
        return snapshot.operatorFlows().groups().stream()
                .filter(g -> snapshot.resolve(g.switchName()).filter(context.dpid()::equals).isPresent())
                .map(OperatorFlows.Group::spec).toList();
    }
}
