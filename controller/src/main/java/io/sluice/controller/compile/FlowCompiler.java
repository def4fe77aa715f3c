package io.sluice.controller.compile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import java.util.List;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * One concern's share of a switch's desired state: a pure function from a snapshot to flows and groups.
 * No I/O, no state: the reconciler decides what to send.
 */
public interface FlowCompiler {
    List<FlowSpec> flows(Snapshot snapshot, DatapathId dpid);

    default List<GroupSpec> groups(Snapshot snapshot, DatapathId dpid) {
        return List.of();
    }
}
