package io.sluice.northbound.viewer;

import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import io.sluice.northbound.neutron.Policy;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the viewer needs beyond the Neutron API, for one caller: the networks' segmentation (VNI, or MPLS),
 * the host each port is bound to with its MPLS label, the host of each router, and the hosts' health. Neutron
 * keeps these attributes the admin's; the viewer shows a member those of its own resources (the hosts its
 * ports and routers are on, and no others), so it can read its topology. Pure: a function of its inputs.
 */
final class TopologyView {
    private TopologyView() {
    }

    static Map<String, Object> of(TenantModel model, List<HostHealth> hosts, Policy policy,
                                  Map<String, String> projectNames, String userName, String projectId) {
        Map<String, Object> networks = new TreeMap<>();
        model.networks().values().stream().filter(policy::canSee)
                .forEach(n -> networks.put(n.id(), segment(n)));
        Map<String, Object> ports = new TreeMap<>();
        model.ports().values().stream().filter(p -> policy.canSee(model, p) && !p.binding().hostId().isEmpty())
                .forEach(p -> ports.put(p.id(), binding(p)));
        Map<String, Object> routers = new TreeMap<>();
        model.routers().values().stream().filter(r -> policy.owns(r.projectId()))
                .forEach(r -> routers.put(r.id(), Map.of("host", model.routerHosts().getOrDefault(r.id(), ""))));
        Set<String> seenHosts = policy.isAdmin() ? null : used(model, policy);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("revision", model.revision());
        view.put("scope", Map.of("user", userName, "project_id", projectId,
                "project_name", projectNames.getOrDefault(projectId, projectId), "admin", policy.isAdmin()));
        view.put("projects", projectNames.entrySet().stream()
                .filter(p -> policy.isAdmin() || p.getKey().equals(projectId))
                .sorted(Map.Entry.comparingByValue())
                .map(p -> Map.of("id", p.getKey(), "name", p.getValue())).toList());
        view.put("networks", networks);
        view.put("ports", ports);
        view.put("routers", routers);
        view.put("hosts", hosts.stream().filter(h -> seenHosts == null || seenHosts.contains(h.host()))
                .sorted(Comparator.comparing(HostHealth::host)).map(TopologyView::health).toList());
        return view;
    }

    private static Map<String, Object> segment(Network network) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", network.type().wireName());
        view.put("segmentation_id", network.segmentationId());
        view.put("physical_network", network.physicalNetwork());
        return view;
    }

    private static Map<String, Object> binding(Port port) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", port.binding().hostId());
        view.put("mpls_label", port.binding().mplsLabel());
        return view;
    }

    /** The hosts a member's ports and routers are on: the only ones it learns of. */
    static Set<String> used(TenantModel model, Policy policy) {
        Set<String> hosts = model.ports().values().stream().filter(p -> policy.canSee(model, p))
                .map(p -> p.binding().hostId()).filter(h -> !h.isEmpty()).collect(Collectors.toSet());
        model.routers().values().stream().filter(r -> policy.owns(r.projectId()))
                .map(r -> model.routerHosts().get(r.id())).filter(h -> h != null).forEach(hosts::add);
        return hosts;
    }

    private static Map<String, Object> health(HostHealth host) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("host", host.host());
        view.put("agent_type", host.agentType());
        view.put("l3", host.l3());
        view.put("alive", host.alive());
        view.put("connected", host.connected());
        return view;
    }
}
