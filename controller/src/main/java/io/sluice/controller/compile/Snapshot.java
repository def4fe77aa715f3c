package io.sluice.controller.compile;

import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Everything compilers read, frozen: the model and Sluice's view of the hosts. Compilers are pure functions
 * of a snapshot, so the same snapshot always yields the same flows.
 *
 * @param hostDatapaths  each registered host's br-int datapath id, as its node agent reported it
 * @param operatorFlows  flows the operator configured by hand
 */
public record Snapshot(Map<String, DatapathId> hostDatapaths, OperatorFlows operatorFlows) {
    public static final Snapshot EMPTY = new Snapshot(Map.of(), OperatorFlows.NONE);

    public Snapshot {
        hostDatapaths = Map.copyOf(hostDatapaths);
    }

    /** A switch named by host name or by datapath id (16 hex digits, colons optional). */
    public Optional<DatapathId> resolve(String switchName) {
        DatapathId byHost = hostDatapaths.get(switchName);
        if (byHost != null) {
            return Optional.of(byHost);
        }
        String hex = switchName.replace(":", "");
        return hex.matches("[0-9a-fA-F]{16}") ? Optional.of(DatapathId.of(Long.parseUnsignedLong(hex, 16)))
                : Optional.empty();
    }

    public Snapshot withHostDatapaths(Map<String, DatapathId> hosts) {
        return new Snapshot(hosts, operatorFlows);
    }

    public Snapshot withOperatorFlows(OperatorFlows flows) {
        return new Snapshot(hostDatapaths, flows);
    }
}
