package io.sluice.northbound.neutron;

import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** How routers, their ports, subnets and floating IPs hang together in a model: the questions the L3 API asks. */
final class L3Topology {
    private L3Topology() {
    }

    /** The router's interface ports (device_owner network:router_interface, device_id the router). */
    static List<Port> interfaces(TenantModel model, String routerId) {
        return ownedBy(model, routerId, Router.INTERFACE_OWNER);
    }

    static Optional<Port> gatewayPort(TenantModel model, String routerId) {
        return ownedBy(model, routerId, Router.GATEWAY_OWNER).stream().findFirst();
    }

    /** The subnets the router has an address on, its gateway's included: where a next hop may lie. */
    static List<Subnet> attachedSubnets(TenantModel model, String routerId) {
        return model.ports().values().stream()
                .filter(p -> p.deviceId().equals(routerId) && (p.deviceOwner().equals(Router.INTERFACE_OWNER)
                        || p.deviceOwner().equals(Router.GATEWAY_OWNER)))
                .flatMap(p -> p.fixedIps().stream()).map(FixedIp::subnetId).distinct()
                .map(model.subnets()::get).filter(Objects::nonNull).toList();
    }

    /**
     * The router that carries a floating IP of the external network to an address on the subnet: one with its
     * gateway on that network and an interface on the subnet (the lowest id when several, so it is stable).
     */
    static Optional<Router> routerFor(TenantModel model, String externalNetworkId, String subnetId) {
        return model.routers().values().stream()
                .filter(r -> r.externalGateway() != null && r.externalGateway().networkId().equals(externalNetworkId))
                .filter(r -> interfaces(model, r.id()).stream().anyMatch(p -> PortJson.hasAddressOn(p, subnetId)))
                .min(Comparator.comparing(Router::id));
    }

    /** The router a floating IP goes through: its association's, else the one its port forwardings use. */
    static Optional<String> routerOf(TenantModel model, FloatingIp fip) {
        if (fip.routerId() != null) {
            return Optional.of(fip.routerId());
        }
        return forwardingsOf(model, fip.id()).stream().findFirst()
                .flatMap(pf -> subnetOf(model, pf.internalPortId(), pf.internalIpAddress()))
                .flatMap(subnet -> routerFor(model, fip.floatingNetworkId(), subnet))
                .map(Router::id);
    }

    static List<PortForwarding> forwardingsOf(TenantModel model, String floatingIpId) {
        return model.portForwardings().values().stream().filter(pf -> pf.floatingIpId().equals(floatingIpId))
                .sorted(Comparator.comparing(PortForwarding::id)).toList();
    }

    /** The subnet of one of a port's addresses. */
    static Optional<String> subnetOf(TenantModel model, String portId, String ip) {
        Port port = model.ports().get(portId);
        return port == null ? Optional.empty() : port.fixedIps().stream()
                .filter(f -> f.ipAddress().equals(ip)).map(FixedIp::subnetId).findFirst();
    }

    private static List<Port> ownedBy(TenantModel model, String routerId, String owner) {
        return model.ports().values().stream()
                .filter(p -> p.deviceId().equals(routerId) && p.deviceOwner().equals(owner))
                .sorted(Comparator.comparing(Port::id)).toList();
    }
}
