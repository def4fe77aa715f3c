package io.sluice.controller.reconcile;

/**
 * What Sluice has sent one switch since it connected: proof, for a restart, that nothing was rewritten.
 *
 * @param runs          reconciliations finished
 * @param flowsAdded    flows added or replaced
 * @param flowsModified flows modified in place
 * @param flowsDeleted  flows deleted
 * @param groupChanges  groups added, modified or deleted
 */
public record SwitchTotals(long runs, long flowsAdded, long flowsModified, long flowsDeleted, long groupChanges) {
    public static final SwitchTotals NONE = new SwitchTotals(0, 0, 0, 0, 0);

    SwitchTotals plus(FlowDiff.Counts sent) {
        return new SwitchTotals(runs + 1, flowsAdded + sent.flowsAdded(), flowsModified + sent.flowsModified(),
                flowsDeleted + sent.flowsDeleted(), groupChanges + sent.groupChanges());
    }
}
