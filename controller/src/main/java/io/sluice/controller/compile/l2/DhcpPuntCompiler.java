package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.Served;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.MeterSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * ARP_DHCP's DHCP punt: a DHCP client message (UDP 68 to 67) from a VM port with an address on a subnet
 * with DHCP enabled goes, whole, to the controller's DHCP server and nowhere else. The packet-in carries
 * in_port, metadata (the network) and this flow's cookie (the port). Other ports' DHCP floods like any
 * broadcast, so a DHCP server of the tenant's own can answer. Each port's punt passes its DHCP meter
 * ({@link PortMeters}), so one port's flood is cut in the datapath before it costs the controller anything.
 */
public final class DhcpPuntCompiler implements FlowCompiler {
    /** OFPCML_NO_BUFFER: the whole packet goes to the controller. */
    private static final int WHOLE_PACKET = 0xFFFF;

    private record Punt(String portId, int ofport) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        return punts(context).stream().map(punt -> context.memo(punt, DhcpPuntCompiler::punt)).toList();
    }

    @Override
    public List<MeterSpec> meters(CompileContext context) {
        return punts(context).stream().map(punt -> PortMeters.dhcp(punt.ofport())).toList();
    }

    private static List<Punt> punts(CompileContext context) {
        List<Punt> punts = new ArrayList<>();
        for (Served network : context.view().served()) {
            for (LocalPort local : network.local()) {
                if (dhcpEnabled(context.snapshot(), local.port())) {
                    punts.add(new Punt(local.port().id(), local.ofport()));
                }
            }
        }
        return punts;
    }

    private static FlowSpec punt(Punt in) {
        return FlowSpec.of(Table.ARP_DHCP, Priority.PORT, FlowParts.inPort(in.ofport())
                        .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setExact(MatchField.IP_PROTO, IpProtocol.UDP)
                        .setExact(MatchField.UDP_SRC, TransportPort.of(68))
                        .setExact(MatchField.UDP_DST, TransportPort.of(67)).build(),
                List.of(PortMeters.through(PortMeters.dhcp(in.ofport())),
                        FlowParts.apply(List.of(FlowParts.OF13.actions().output(OFPort.CONTROLLER, WHOLE_PACKET)))),
                FlowParts.cookie(Owner.DHCP_PUNT, in.portId()));
    }

    private static boolean dhcpEnabled(Snapshot snapshot, Port port) {
        return port.fixedIps().stream().map(ip -> snapshot.tenants().subnets().get(ip.subnetId()))
                .filter(Objects::nonNull).anyMatch(Subnet::enableDhcp);
    }
}
