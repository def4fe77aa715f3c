package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.tenant.AllowedAddressPair;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * PORT_SECURITY: a VM port with port security may send IPv4 and ARP only from its own MAC and addresses
 * (fixed IPs, and allowed address pairs with the pair's MAC or the port's), plus DHCP from 0.0.0.0 while
 * it has no address. Its other packets, e.g. with a changed MAC or IP, meet the table's miss and are
 * dropped. A port without port security passes whole (but for its ARP meter, below), and so does a
 * <em>trusted</em> port, one whose device_owner starts with {@value #TRUSTED_OWNER_PREFIX} (router interfaces
 * and gateways, DHCP): it forwards packets of other hosts and holds floating IPs, and Neutron's firewalls do
 * not filter it either (neutron.common.utils.is_port_trusted).
 *
 * <p>A VM port's ARP passes its ARP meter ({@link PortMeters}) before anything answers or floods it, so a VM
 * flooding ARP is cut in the datapath and the network's other ports and tunnels never see the excess; with
 * port security off too. Trusted ports are not metered: a router's ARP grows with the traffic it forwards.
 */
public final class PortSecurityCompiler implements FlowCompiler {
    public static final String TRUSTED_OWNER_PREFIX = "network:";
    private static final IPv4Address UNSPECIFIED = IPv4Address.of("0.0.0.0");

    /** One MAC and address (or prefix) the port may send from. */
    private record Source(MacAddress mac, IPv4AddressWithMask ip) {
    }

    /**
     * What a VM port's flows here are built from; {@code policed} is false for a port that passes whole,
     * {@code trusted} true for one of Neutron's own.
     */
    private record Guarded(String portId, int ofport, boolean policed, boolean trusted, String mac,
                           List<FixedIp> fixedIps, List<AllowedAddressPair> pairs) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        for (LocalPort local : localPorts(context)) {
            Port port = local.port();
            flows.addAll(context.memo(new Guarded(port.id(), local.ofport(), policed(port), trusted(port),
                    port.macAddress(), port.fixedIps(), port.allowedAddressPairs()), PortSecurityCompiler::flows));
        }
        return flows;
    }

    @Override
    public List<MeterSpec> meters(CompileContext context) {
        return localPorts(context).stream().filter(local -> !trusted(local.port()))
                .map(local -> PortMeters.arp(local.ofport())).toList();
    }

    private static List<LocalPort> localPorts(CompileContext context) {
        return context.view().served().stream().flatMap(network -> network.local().stream()).toList();
    }

    private static boolean policed(Port port) {
        return port.portSecurityEnabled() && !trusted(port);
    }

    private static boolean trusted(Port port) {
        return port.deviceOwner().startsWith(TRUSTED_OWNER_PREFIX);
    }

    private static List<FlowSpec> flows(Guarded port) {
        FlowCookie cookie = FlowParts.cookie(Owner.PORT_SECURITY, port.portId());
        if (port.trusted()) {
            return List.of(allow(FlowParts.inPort(port.ofport()).build(), cookie));
        }
        if (!port.policed()) {
            // A tenant's VM even without port security: its ARP still passes its meter, set apart from the rest.
            return List.of(allow(FlowParts.inPort(port.ofport()).build(), cookie), allowMetered(Priority.PORT_EXCEPTION,
                    FlowParts.inPort(port.ofport()).setExact(MatchField.ETH_TYPE, EthType.ARP).build(), port, cookie));
        }
        List<FlowSpec> flows = new ArrayList<>();
        for (Source source : sources(port)) {
            flows.add(allow(FlowParts.ipv4(sentBy(port, source.mac()).setExact(MatchField.ETH_TYPE, EthType.IPv4),
                    MatchField.IPV4_SRC, source.ip()).build(), cookie));
            flows.add(allowMetered(Priority.PORT, FlowParts.ipv4(sentBy(port, source.mac())
                    .setExact(MatchField.ETH_TYPE, EthType.ARP).setExact(MatchField.ARP_SHA, source.mac()),
                    MatchField.ARP_SPA, source.ip()).build(), port, cookie));
        }
        flows.add(allow(sentBy(port, MacAddress.of(port.mac())).setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, UNSPECIFIED).setExact(MatchField.IP_PROTO, IpProtocol.UDP)
                .setExact(MatchField.UDP_SRC, TransportPort.of(68)).setExact(MatchField.UDP_DST, TransportPort.of(67))
                .build(), cookie));
        return List.copyOf(flows);
    }

    private static Match.Builder sentBy(Guarded port, MacAddress mac) {
        return FlowParts.inPort(port.ofport()).setExact(MatchField.ETH_SRC, mac);
    }

    private static List<Source> sources(Guarded port) {
        MacAddress own = MacAddress.of(port.mac());
        return Stream.concat(
                port.fixedIps().stream().map(FixedIp::ipAddress).map(ip -> new Source(own, IPv4AddressWithMask.of(ip))),
                port.pairs().stream().map(pair -> new Source(
                        pair.macAddress() == null ? own : MacAddress.of(pair.macAddress()),
                        IPv4AddressWithMask.of(pair.ipAddress()))))
                .distinct().toList();
    }

    private static FlowSpec allow(Match match, FlowCookie cookie) {
        return FlowSpec.of(Table.PORT_SECURITY, Priority.PORT, match, List.of(FlowParts.goTo(Table.ARP_DHCP)), cookie);
    }

    /** Lets the port's ARP on through its ARP meter. */
    private static FlowSpec allowMetered(Priority band, Match match, Guarded port, FlowCookie cookie) {
        return FlowSpec.of(Table.PORT_SECURITY, band, match,
                List.of(PortMeters.through(PortMeters.arp(port.ofport())), FlowParts.goTo(Table.ARP_DHCP)), cookie);
    }
}
