package io.sluice.controller.reconcile;

import io.sluice.controller.pipeline.FlowKey;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.MeterSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The flows, groups and meters of one switch, desired or actual, indexed the way OpenFlow identifies them. */
public record SwitchState(Map<FlowKey, FlowSpec> flows, Map<Long, GroupSpec> groups, Map<Long, MeterSpec> meters) {
    public static final SwitchState EMPTY = new SwitchState(Map.of(), Map.of(), Map.of());

    public SwitchState {
        flows = Map.copyOf(flows);
        groups = Map.copyOf(groups);
        meters = Map.copyOf(meters);
    }

    /** A switch state without meters. */
    public static SwitchState of(Collection<FlowSpec> flows, Collection<GroupSpec> groups) {
        return of(flows, groups, List.of());
    }

    /**
     * Indexes flows, groups and meters. Two different flows with one key mean two compilers claim the same slot,
     * a bug that must not reach a switch as a silent overwrite.
     */
    public static SwitchState of(Collection<FlowSpec> flows, Collection<GroupSpec> groups,
                                 Collection<MeterSpec> meters) {
        Map<FlowKey, FlowSpec> byKey = new HashMap<>(flows.size() * 4 / 3 + 1);
        for (FlowSpec flow : flows) {
            FlowSpec previous = byKey.putIfAbsent(flow.key(), flow);
            if (previous != null && !previous.equals(flow)) {
                throw new IllegalStateException("two flows claim " + flow.key() + ": " + previous + " and " + flow);
            }
        }
        Map<Long, GroupSpec> byId = new HashMap<>(groups.size() * 4 / 3 + 1);
        for (GroupSpec group : groups) {
            GroupSpec previous = byId.putIfAbsent(group.groupId(), group);
            if (previous != null && !previous.equals(group)) {
                throw new IllegalStateException("two groups claim id " + group.groupId());
            }
        }
        Map<Long, MeterSpec> metersById = new HashMap<>(meters.size() * 4 / 3 + 1);
        for (MeterSpec meter : meters) {
            MeterSpec previous = metersById.putIfAbsent(meter.meterId(), meter);
            if (previous != null && !previous.equals(meter)) {
                throw new IllegalStateException("two meters claim id " + meter.meterId());
            }
        }
        return new SwitchState(byKey, byId, metersById);
    }
}
