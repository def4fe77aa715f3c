package io.sluice.controller.l3;

import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.ResourceKey;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Router;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One router rescheduled from one L3 agent's host to another's, as one commit: the router's binding, and the
 * binding of each of its bound interface and gateway ports, as a rebind would move them (a port of an MPLS
 * network takes a new label there; its old one goes into quarantine). Unbound router ports stay unbound.
 * With no {@code from}, an unscheduled router is scheduled: its interface and gateway ports, unbound until now,
 * are bound to {@code to} as {@code add_router_interface} and setting a gateway bind them on a scheduled router.
 *
 * @param from the host the router leaves, or null for a router that has none
 */
public record RouterMove(String routerId, String from, String to) {
    /**
     * The change, computed from the state it commits against; empty when the router is gone or no longer on
     * {@code from} (another writer moved it first, or this move already committed).
     *
     * @throws io.sluice.models.ipam.NoLabelAvailable when a port of an MPLS network finds no free label
     */
    public Changes changes(TenantState state, MplsLabels labels, Instant now) {
        if (!state.model().routers().containsKey(routerId)
                || !Objects.equals(from, state.model().routerHosts().get(routerId))) {
            return Changes.of();
        }
        Changes changes = Changes.of().routerHost(routerId, to).read(ResourceKey.router(routerId));
        Set<Integer> held = new HashSet<>(state.heldLabels());
        state.model().ports().values().stream()
                .filter(port -> routerId.equals(port.deviceId())
                        && (Router.INTERFACE_OWNER.equals(port.deviceOwner())
                        || Router.GATEWAY_OWNER.equals(port.deviceOwner()))
                        && (from == null || port.binding().isBound()))
                .sorted(Comparator.comparing(Port::id))
                .forEach(port -> {
                    Network network = state.model().networks().get(port.networkId());
                    PortBinding moved = labels.bind(network, port.binding(),
                            new PortBinding(to, port.binding().profile()), held, state.releasedLabels(), now);
                    if (moved.mplsLabel() != null) {
                        held.add(moved.mplsLabel());
                    }
                    changes.rebind(port, moved);
                });
        return changes;
    }
}
