package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;

/**
 * A router's interface and gateway ports are bound to the host its router is scheduled to, as Neutron's L3
 * agent binds them to its own host: the port is ACTIVE once that host plugs its leg, and on an MPLS network the
 * binding gives it the label traffic to the router is sent with.
 */
final class RouterPortBinding {
    private final TenantRepository repository;
    private final MplsLabels labels;

    RouterPortBinding(TenantRepository repository, MplsLabels labels) {
        this.repository = repository;
        this.labels = labels;
    }

    /** The port bound to {@code host}; unchanged when the router is on no host ({@code host} null). */
    Port boundTo(TenantState state, String host, Port port) {
        if (host == null) {
            return port;
        }
        PortBinding requested = new PortBinding(host, port.binding().profile());
        return port.withBinding(labels.bind(state.model().networks().get(port.networkId()), port.binding(), requested,
                state.heldLabels(), state.releasedLabels(), repository.now()));
    }
}
