package io.sluice.controller.l3;

import io.sluice.models.l3.RouterPlan;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pcollections.PMap;

/**
 * What each network node's router namespaces must hold: a pure function of the tenant model.
 * A router is planned on the host the model schedules it to ({@code routerHosts}); one whose
 * {@code admin_state_up} is false is not planned, so its agent removes it, as Neutron's does. Lists are sorted,
 * so an unchanged model yields equal plans and nothing is sent.
 */
public final class RouterPlanCompiler {
    private RouterPlanCompiler() {
    }

    /** The plans of every host that has a router scheduled to it, by host. */
    public static Map<String, List<RouterPlan>> plansByHost(TenantModel model) {
        Map<String, List<RouterPlan>> byHost = new TreeMap<>();
        model.routerHosts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Router router = model.routers().get(entry.getKey());
            if (router != null && router.adminStateUp()) {
                byHost.computeIfAbsent(entry.getValue(), host -> new ArrayList<>())
                        .add(plan(model, router));
            }
        });
        byHost.replaceAll((host, plans) -> List.copyOf(plans));
        return byHost;
    }

    /**
     * The part of {@code model} router plans are made of: everything but the ports, of which only the routers'
     * own and those port forwardings lead to, at revision 0. Plans of the view equal plans of the model, and the
     * view is equal across changes that touch no router (a VM port coming up), so a caller can skip compiling.
     */
    public static TenantModel routerView(TenantModel model) {
        Set<String> forwarded = forwardedPorts(model);
        Map<String, Port> ports = new HashMap<>();
        model.ports().values().stream().filter(port -> inView(port, forwarded))
                .forEach(port -> ports.put(port.id(), port));
        return viewWith(model, ports);
    }

    /**
     * {@link #routerView(TenantModel) routerView(model)}, derived from the view of an earlier model by looking only
     * at the ports that changed since: a VM port coming up changes no view, and looking at every port for it cost
     * as much as the cloud is large.
     */
    public static TenantModel routerView(TenantModel model, TenantModel before, TenantModel viewBefore) {
        if (model.portForwardings() != before.portForwardings()) {
            return routerView(model);
        }
        Set<String> forwarded = forwardedPorts(model);
        PMap<String, Port> ports = PersistentMaps.of(viewBefore.ports());
        for (String id : PersistentMaps.changedKeys(before.ports(), model.ports())) {
            Port port = model.ports().get(id);
            ports = port != null && inView(port, forwarded) ? ports.plus(id, port) : ports.minus(id);
        }
        return viewWith(model, ports);
    }

    private static Set<String> forwardedPorts(TenantModel model) {
        Set<String> forwarded = new HashSet<>();
        model.portForwardings().values().forEach(forward -> forwarded.add(forward.internalPortId()));
        return forwarded;
    }

    private static boolean inView(Port port, Set<String> forwarded) {
        return Router.INTERFACE_OWNER.equals(port.deviceOwner()) || Router.GATEWAY_OWNER.equals(port.deviceOwner())
                || forwarded.contains(port.id());
    }

    private static TenantModel viewWith(TenantModel model, Map<String, Port> ports) {
        return new TenantModel(0, model.networks(), model.subnets(), ports, model.routers(), model.floatingIps(),
                model.portForwardings(), model.routerHosts());
    }

    /** One router's plan. */
    public static RouterPlan plan(TenantModel model, Router router) {
        List<Port> interfacePorts = devicePorts(model, router.id(), Router.INTERFACE_OWNER);
        List<RouterPlan.Leg> interfaces = interfacePorts.stream().map(port -> leg(model, port)).toList();
        List<String> snatSources = interfacePorts.stream().flatMap(port -> port.fixedIps().stream())
                .map(ip -> model.subnets().get(ip.subnetId())).filter(Objects::nonNull).map(Subnet::cidr)
                .distinct().sorted().toList();
        Port gatewayPort = router.externalGateway() == null ? null
                : devicePorts(model, router.id(), Router.GATEWAY_OWNER).stream().findFirst().orElse(null);
        RouterPlan.Leg gateway = gatewayPort == null ? null : leg(model, gatewayPort);
        String nexthop = gatewayPort == null ? null : gatewayPort.fixedIps().stream()
                .map(ip -> model.subnets().get(ip.subnetId())).filter(s -> s != null && s.gatewayIp() != null)
                .map(Subnet::gatewayIp).findFirst().orElse(null);
        List<RouterPlan.StaticRoute> routes = router.routes().stream()
                .map(route -> new RouterPlan.StaticRoute(route.destination(), route.nexthop()))
                .sorted(Comparator.comparing(RouterPlan.StaticRoute::destination)).toList();
        List<RouterPlan.FloatingNat> floating = gateway == null ? List.of() : model.floatingIps().values().stream()
                .filter(fip -> fip.isAssociated() && router.id().equals(fip.routerId()))
                .map(fip -> new RouterPlan.FloatingNat(fip.floatingIpAddress(), fip.fixedIpAddress()))
                .sorted(Comparator.comparing(RouterPlan.FloatingNat::floatingIp)).toList();
        List<RouterPlan.Forward> forwards = gateway == null ? List.of() : model.portForwardings().values().stream()
                .filter(forward -> router.id().equals(routerOf(model, forward).orElse(null)))
                .map(forward -> new RouterPlan.Forward(forward.protocol(),
                        model.floatingIps().get(forward.floatingIpId()).floatingIpAddress(), forward.externalPort(),
                        forward.internalIpAddress(), forward.internalPort()))
                .sorted(Comparator.comparing(RouterPlan.Forward::floatingIp)
                        .thenComparing(RouterPlan.Forward::protocol)
                        .thenComparingInt(RouterPlan.Forward::externalPort)).toList();
        boolean snat = router.externalGateway() != null && router.externalGateway().enableSnat();
        return new RouterPlan(router.id(), interfaces, gateway, nexthop, snat, snatSources, routes, floating,
                forwards);
    }

    /**
     * The router that carries a port forwarding: the one with an interface on the internal address's subnet and
     * its gateway on the floating IP's network (an unassociated floating IP names no router).
     */
    static Optional<String> routerOf(TenantModel model, PortForwarding forward) {
        FloatingIp fip = model.floatingIps().get(forward.floatingIpId());
        Port internal = model.ports().get(forward.internalPortId());
        if (fip == null || internal == null) {
            return Optional.empty();
        }
        Optional<String> subnet = internal.fixedIps().stream()
                .filter(ip -> ip.ipAddress().equals(forward.internalIpAddress())).map(FixedIp::subnetId).findFirst();
        if (subnet.isEmpty()) {
            return Optional.empty();
        }
        return model.ports().values().stream()
                .filter(port -> Router.INTERFACE_OWNER.equals(port.deviceOwner())
                        && port.fixedIps().stream().anyMatch(ip -> ip.subnetId().equals(subnet.get())))
                .map(Port::deviceId).filter(id -> {
                    Router router = model.routers().get(id);
                    return router != null && router.externalGateway() != null
                            && router.externalGateway().networkId().equals(fip.floatingNetworkId());
                }).sorted().findFirst();
    }

    private static List<Port> devicePorts(TenantModel model, String routerId, String owner) {
        return model.ports().values().stream()
                .filter(port -> owner.equals(port.deviceOwner()) && routerId.equals(port.deviceId()))
                .sorted(Comparator.comparing(Port::id)).toList();
    }

    private static RouterPlan.Leg leg(TenantModel model, Port port) {
        List<String> addresses = port.fixedIps().stream().map(ip -> {
            Subnet subnet = model.subnets().get(ip.subnetId());
            return subnet == null ? null : ip.ipAddress() + "/" + subnet.prefixLength();
        }).filter(Objects::nonNull).collect(Collectors.toList());
        Network network = model.networks().get(port.networkId());
        return new RouterPlan.Leg(port.id(), port.macAddress(), addresses, network == null ? 1500 : network.mtu());
    }
}
