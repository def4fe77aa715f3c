package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.controller.tenant.TenantState;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Neutron's binding-extended, what Nova's live migration drives: {@code /v2.0/ports/{id}/bindings}. Nova creates
 * an inactive binding on the destination before the move (Sluice readies the destination's flows for it, and on
 * an MPLS network gives it a label of its own), activates it when the VM has moved (the active binding becomes
 * inactive; every switch's forwarding follows in one reconciliation) and deletes the source's. Admin only, as
 * Neutron's policy has it; a caller who cannot see the port gets 404.
 */
final class PortBindings {
    static final String ACTIVE = "ACTIVE";
    static final String INACTIVE = "INACTIVE";
    private static final Set<String> ATTRIBUTES = Set.of("host", "vnic_type", "profile");

    private final TenantRepository repository;
    private final Binding vif;
    private final MplsLabels labels;

    PortBindings(TenantRepository repository, Binding vif, MplsLabels labels) {
        this.repository = repository;
        this.vif = vif;
        this.labels = labels;
    }

    Reply list(Call call) {
        TenantState state = repository.state();
        Port port = port(call, state, "get_port_binding");
        List<Map<String, Object>> bindings = new ArrayList<>();
        if (port.binding().isBound()) {
            bindings.add(view(state, port, port.binding(), ACTIVE));
        }
        port.binding().inactive().forEach(b -> bindings.add(view(state, port, b, INACTIVE)));
        return Reply.ok(Map.of("bindings", bindings));
    }

    Reply show(Call call) {
        TenantState state = repository.state();
        Port port = port(call, state, "get_port_binding");
        return Reply.ok(Map.of("binding", found(state, port, call.id())));
    }

    Reply create(Call call) {
        Attrs attrs = Attrs.parse(call.body(), "binding", true, ATTRIBUTES, Set.of(), ATTRIBUTES);
        String host = attrs.nullableString("host", null);
        if (host == null || host.isBlank()) {
            throw ApiError.badRequest("Invalid input for host. Reason: a binding needs a host.");
        }
        String vnicType = attrs.string("vnic_type", "normal");
        if (!vnicType.equals("normal")) {
            throw ApiError.invalid("vnic_type", "'" + vnicType + "' is not supported; Sluice binds 'normal' ports");
        }
        Map<String, String> profile = attrs.has("profile") ? attrs.stringMap("profile") : Map.of();
        AtomicReference<String> portId = new AtomicReference<>();
        TenantState after = repository.mutate(state -> {
            Port port = port(call, state, "create_port_binding");
            if (port.binding().hostId().equals(host) || port.binding().inactiveOn(host).isPresent()) {
                throw ApiError.conflict("PortBindingAlreadyExists", "Binding for port " + port.id()
                        + " on host " + host + " already exists.");
            }
            portId.set(port.id());
            return Changes.of().rebind(port, labels.ready(state.model().networks().get(port.networkId()),
                    port.binding(), host, profile, state.heldLabels(), state.releasedLabels(), repository.now()));
        });
        Port port = after.model().ports().get(portId.get());
        return Reply.created(Map.of("binding", view(after, port, port.binding().inactiveOn(host).orElseThrow(),
                INACTIVE)));
    }

    Reply activate(Call call) {
        String host = call.id();
        AtomicReference<String> portId = new AtomicReference<>();
        TenantState after = repository.mutate(state -> {
            Port port = port(call, state, "activate");
            if (port.binding().hostId().equals(host)) {
                throw ApiError.conflict("PortBindingAlreadyActive", "Binding for port " + port.id() + " on host "
                        + host + " is already active.");
            }
            if (port.binding().inactiveOn(host).isEmpty()) {
                throw notFound(port, host);
            }
            portId.set(port.id());
            return Changes.of().rebind(port, port.binding().activate(host));
        });
        Port port = after.model().ports().get(portId.get());
        return Reply.ok(Map.of("binding", view(after, port, port.binding(), ACTIVE)));
    }

    Reply delete(Call call) {
        String host = call.id();
        repository.mutate(state -> {
            Port port = port(call, state, "delete_port_binding");
            if (port.binding().hostId().equals(host)) {
                throw ApiError.conflict("PortBindingAlreadyActive", "Binding for port " + port.id() + " on host "
                        + host + " is active: unbind the port instead.");
            }
            if (port.binding().inactiveOn(host).isEmpty()) {
                throw notFound(port, host);
            }
            return Changes.of().rebind(port, port.binding().withInactive(port.binding().inactive().stream()
                    .filter(b -> !b.hostId().equals(host)).toList()));
        });
        return Reply.noContent();
    }

    /** The parent port, when the caller may see it and is admin (Neutron's rules for port bindings). */
    private static Port port(Call call, TenantState state, String rule) {
        Port port = state.model().ports().get(call.parentId());
        if (port == null || !call.policy().canSee(state.model(), port)) {
            throw PortJson.SCHEMA.notFound().apply(call.parentId());
        }
        if (!call.policy().isAdmin()) {
            throw ApiError.policy(rule);
        }
        return port;
    }

    private Map<String, Object> found(TenantState state, Port port, String host) {
        if (port.binding().hostId().equals(host) && port.binding().isBound()) {
            return view(state, port, port.binding(), ACTIVE);
        }
        return port.binding().inactiveOn(host).map(b -> view(state, port, b, INACTIVE))
                .orElseThrow(() -> notFound(port, host));
    }

    private static ApiError notFound(Port port, String host) {
        return ApiError.notFound("PortBindingNotFound", "Binding for port " + port.id() + " for host " + host
                + " could not be found.");
    }

    private Map<String, Object> view(TenantState state, Port port, PortBinding binding, String status) {
        Network network = state.model().networks().get(port.networkId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", binding.hostId());
        view.put("vnic_type", "normal");
        view.put("profile", binding.profile());
        String vifType = vif.vifType(binding, network);
        view.put("vif_type", vifType);
        view.put("vif_details", vifType.equals(PortJson.VIF_OVS) ? vif.details() : Map.of());
        view.put("status", status);
        view.put(PortJson.MPLS_LABEL, binding.mplsLabel());
        return view;
    }
}
