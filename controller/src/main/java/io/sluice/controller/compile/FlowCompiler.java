package io.sluice.controller.compile;

import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import java.util.List;

/**
 * One concern's share of a switch's desired state: a pure function from a snapshot to flows, groups and
 * meters. No I/O, no state: the reconciler decides what to send. Per-port or per-network flows are built
 * through {@link CompileContext#memo}, so a compile after a small change builds only what the change touched.
 */
public interface FlowCompiler {
    List<FlowSpec> flows(CompileContext context);

    default List<GroupSpec> groups(CompileContext context) {
        return List.of();
    }

    default List<MeterSpec> meters(CompileContext context) {
        return List.of();
    }
}
