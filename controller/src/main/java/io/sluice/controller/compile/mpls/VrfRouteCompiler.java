package io.sluice.controller.compile.mpls;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.SnapshotIndex;
import io.sluice.controller.compile.l2.FlowParts;
import io.sluice.controller.compile.l2.Metadata;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.RemotePort;
import io.sluice.controller.compile.l2.SwitchView.Vrf;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.HostRoute;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;

/**
 * L3_VRF: a VRF's forwarding table. A packet a local port sent to the gateway MAC is routed on its destination
 * IP, longest prefix first, to a port of the network ({@link Delivery}):
 * <ul>
 *   <li>a host route (/32) for each fixed IP of each port this switch can reach;</li>
 *   <li>through a router: its interface port on this network (bound to the router's host, so it holds a
 *       label) takes the CIDRs of the router's other interfaces' subnets, its static routes' destinations and,
 *       when the router has a gateway, the default route. A prefix two routers claim goes to the interface
 *       port with the smaller id, and a host route always beats a router's route to the same prefix.</li>
 * </ul>
 * Anything else meets no flow of the network in L2_FORWARD and is dropped: a VRF does not flood.
 * Allowed address pairs get no routes (an address two ports may claim needs a choice this table cannot make).
 */
public final class VrfRouteCompiler implements FlowCompiler {
    /** Every route of a VRF to one port, and how the port is reached. */
    private record Routes(String portId, long key, List<String> prefixes, Delivery delivery,
                          MplsEncapsulation encapsulation) {
        /** Held as long as any switch uses the routes: without the slack of the list they were gathered in. */
        Routes {
            prefixes = List.copyOf(prefixes);
        }
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        SnapshotIndex index = context.index();
        for (Vrf vrf : context.view().vrfs()) {
            Map<String, Delivery> deliveries = new LinkedHashMap<>();
            for (LocalPort local : vrf.local()) {
                deliveries.put(local.port().id(), new Delivery.Local(local.ofport(), local.port().macAddress()));
            }
            for (RemotePort remote : vrf.remote()) {
                deliveries.put(remote.port().id(), new Delivery.Remote(remote.port().binding().mplsLabel(),
                        remote.peer().tunnelIp(), vrf.labelPort().orElseThrow()));
            }
            Map<String, List<String>> prefixes = prefixesByPort(index, vrf);
            prefixes.forEach((portId, ofPort) -> flows.addAll(context.memo(new Routes(portId, vrf.key(), ofPort,
                    deliveries.get(portId), context.mpls()), VrfRouteCompiler::routes)));
        }
        return flows;
    }

    /** Each prefix of the VRF once, by the port it routes to: host routes first, then routers' by port id. */
    private static Map<String, List<String>> prefixesByPort(SnapshotIndex index, Vrf vrf) {
        List<Port> members = Stream.concat(vrf.local().stream().map(LocalPort::port),
                vrf.remote().stream().map(RemotePort::port)).sorted(Comparator.comparing(Port::id)).toList();
        Map<String, String> owner = new LinkedHashMap<>();
        for (Port port : members) {
            port.fixedIps().forEach(ip -> owner.putIfAbsent(ip.ipAddress() + "/32", port.id()));
        }
        for (Port port : members) {
            if (port.deviceOwner().equals(Router.INTERFACE_OWNER)) {
                throughRouter(index, vrf, port).forEach(prefix -> owner.putIfAbsent(prefix, port.id()));
            }
        }
        Map<String, List<String>> byPort = new LinkedHashMap<>();
        owner.forEach((prefix, portId) -> byPort.computeIfAbsent(portId, id -> new ArrayList<>()).add(prefix));
        return byPort;
    }

    /** What a router interface port on the VRF's network leads to: the router's other subnets, routes, default. */
    private static List<String> throughRouter(SnapshotIndex index, Vrf vrf, Port interfacePort) {
        TenantModel model = index.snapshot().tenants();
        Router router = model.routers().get(interfacePort.deviceId());
        if (router == null || !router.adminStateUp()) {
            return List.of();
        }
        List<String> prefixes = new ArrayList<>(index.routerInterfaces(router.id()).stream()
                .flatMap(p -> p.fixedIps().stream()).map(FixedIp::subnetId).map(model.subnets()::get)
                .filter(Objects::nonNull).filter(s -> !s.networkId().equals(vrf.network().id()))
                .map(Subnet::cidr).sorted().toList());
        router.routes().stream().map(HostRoute::destination).forEach(prefixes::add);
        if (router.externalGateway() != null) {
            prefixes.add("0.0.0.0/0");
        }
        return prefixes;
    }

    private static List<FlowSpec> routes(Routes to) {
        return to.prefixes().stream().map(IPv4AddressWithMask::of).map(prefix -> FlowSpec.of(Table.L3_VRF,
                Priority.ROUTE, prefix.getMask().asCidrMaskLength(),
                FlowParts.ipv4(Metadata.fromPort(OF13.buildMatch(), to.key()).setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setExact(MatchField.ETH_DST, Delivery.GATEWAY_MAC), MatchField.IPV4_DST, prefix).build(),
                List.of(FlowParts.apply(to.delivery().actions(to.encapsulation()))),
                FlowParts.cookie(Owner.VRF_ROUTE, to.portId()))).toList();
    }
}
