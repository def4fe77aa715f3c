package io.sluice.controller.reconcile;

import io.sluice.controller.openflow.SwitchError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one reconciliation of a switch.
 *
 * @param dumped  whether the switch's actual flows were read first (on connect and on audit), or the
 *                tracked installed state was trusted
 * @param sent    what was sent, counted (a result is kept for each switch: not the flows themselves)
 * @param bundled whether the flow changes went in one atomic bundle
 * @param errors  what the switch refused; empty means the switch now holds exactly the desired state
 */
public record ReconcileResult(Instant at, boolean dumped, FlowDiff.Counts sent, boolean bundled,
                              List<SwitchError> errors, Duration took) {
    public boolean converged() {
        return errors.isEmpty();
    }

    @Override
    public String toString() {
        return (dumped ? "dump+" : "") + sent + (bundled ? " (bundle)" : "") + " in " + took.toMillis() + " ms"
                + (errors.isEmpty() ? "" : ", " + errors.size() + " errors");
    }
}
