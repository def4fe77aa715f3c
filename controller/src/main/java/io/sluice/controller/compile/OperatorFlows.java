package io.sluice.controller.compile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.List;

/**
 * Flows and groups an operator configured by hand (a file the controller watches), each for one switch
 * named by host or datapath id. They join the desired state like any compiler's output, so they are
 * reconciled, not pushed.
 */
public record OperatorFlows(List<Flow> flows, List<Group> groups) {
    public static final OperatorFlows NONE = new OperatorFlows(List.of(), List.of());

    public record Flow(String switchName, FlowSpec spec) {
    }

    public record Group(String switchName, GroupSpec spec) {
    }

    public OperatorFlows {
        flows = List.copyOf(flows);
        groups = List.copyOf(groups);
    }
}
