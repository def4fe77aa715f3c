package io.sluice.controller.compile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.List;
import org.projectfloodlight.openflow.types.DatapathId;

/** The operator's hand-configured flows and groups for one switch. */
public final class OperatorFlowCompiler implements FlowCompiler {
    @Override
    public List<FlowSpec> flows(Snapshot snapshot, DatapathId dpid) {
        return snapshot.operatorFlows().flows().stream()
                .filter(f -> snapshot.resolve(f.switchName()).filter(dpid::equals).isPresent())
                .map(OperatorFlows.Flow::spec).toList();
    }

    @Override
    public List<GroupSpec> groups(Snapshot snapshot, DatapathId dpid) {
        return snapshot.operatorFlows().groups().stream()
                .filter(g -> snapshot.resolve(g.switchName()).filter(dpid::equals).isPresent())
                .map(OperatorFlows.Group::spec).toList();
    }
}
