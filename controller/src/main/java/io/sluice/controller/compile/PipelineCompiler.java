package io.sluice.controller.compile;

import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.TableId;

/** The pipeline's skeleton on every switch: each table's miss behaviour, as {@link Table} declares it. */
public final class PipelineCompiler implements FlowCompiler {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    /** The same on every switch, whatever the snapshot. */
    private final List<FlowSpec> tableMisses = Arrays.stream(Table.values()).map(PipelineCompiler::tableMiss).toList();

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        return tableMisses;
    }

    private static FlowSpec tableMiss(Table table) {
        List<OFInstruction> instructions = switch (table.miss()) {
            case DROP -> List.of();
            case NEXT -> List.of(OF13.instructions().gotoTable(TableId.of(table.next()
                    .orElseThrow(() -> new IllegalStateException(table + " has no next stage")).id())));
        };
        return FlowSpec.of(table, Priority.TABLE_MISS, OF13.matchWildcardAll(), instructions,
                FlowCookie.of(Owner.PIPELINE, table.name()));
    }
}
