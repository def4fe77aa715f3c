package io.sluice.controller.compile.l2;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.Segment;
import io.sluice.controller.compile.l2.SwitchView.Served;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Port;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * ARP_DHCP's ARP responder: an ARP request for the fixed IP of any port this switch can reach on the
 * network is turned into the reply and sent back where it came from, so ARP never floods for known
 * addresses. Only local VM ports' packets reach this table (tunnel traffic skips it), so a request is
 * answered once, on the asking host.
 *
 * <p>The owner's own request for its address (a gratuitous ARP or an address probe) is not answered: it
 * goes on like on a real LAN, as OVN does, or the port would see its own address "in use". That holds in an
 * MPLS network's VRF too, where every other request is answered with the gateway MAC
 * ({@code compile.mpls.VrfArpCompiler}) and the probe, having no LAN to go to, ends at L2_FORWARD's miss.
 */
public final class ArpResponderCompiler implements FlowCompiler {
    /** A port's addresses, answered for on the network with this key. */
    private record Answers(String portId, String mac, List<FixedIp> fixedIps, long key) {
    }

    /** The owner's own requests, from its OpenFlow port, which go on unanswered. */
    private record OwnRequests(String portId, int ofport, List<FixedIp> fixedIps, long key) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : context.view().segments()) {
            for (Port port : segment.members()) {
                flows.addAll(context.memo(new Answers(port.id(), port.macAddress(), port.fixedIps(), segment.key()),
                        ArpResponderCompiler::answers));
            }
        }
        for (Served network : context.view().served()) {
            for (LocalPort local : network.local()) {
                flows.addAll(context.memo(new OwnRequests(local.port().id(), local.ofport(), local.port().fixedIps(),
                        network.key()), ArpResponderCompiler::ownRequests));
            }
        }
        return flows;
    }

    private static List<FlowSpec> answers(Answers port) {
        return port.fixedIps().stream().map(ip -> FlowSpec.of(Table.ARP_DHCP, Priority.PORT,
                request(port.key(), ip).build(),
                List.of(FlowParts.apply(reply(MacAddress.of(port.mac()), IPv4Address.of(ip.ipAddress())))),
                FlowParts.cookie(Owner.ARP_RESPONDER, port.portId()))).toList();
    }

    private static List<FlowSpec> ownRequests(OwnRequests port) {
        return port.fixedIps().stream().map(ip -> FlowSpec.of(Table.ARP_DHCP, Priority.PORT_EXCEPTION,
                request(port.key(), ip).setExact(MatchField.IN_PORT, OFPort.of(port.ofport())).build(),
                List.of(FlowParts.goTo(Table.ARP_DHCP.next().orElseThrow())),
                FlowParts.cookie(Owner.ARP_RESPONDER, port.portId()))).toList();
    }

    private static Match.Builder request(long key, FixedIp ip) {
        return Metadata.network(OF13.buildMatch(), key).setExact(MatchField.ETH_TYPE, EthType.ARP)
                .setExact(MatchField.ARP_OP, ArpOpcode.REQUEST)
                .setExact(MatchField.ARP_TPA, IPv4Address.of(ip.ipAddress()));
    }

    /** OVS's classic in-place responder: the request becomes the reply "ip is at mac", back out of in_port. */
    private static List<OFAction> reply(MacAddress mac, IPv4Address ip) {
        return List.of(NxmField.move(NxmField.ETH_SRC, NxmField.ETH_DST),
                OF13.actions().setField(OF13.oxms().ethSrc(mac)),
                OF13.actions().setField(OF13.oxms().arpOp(ArpOpcode.REPLY)),
                NxmField.move(NxmField.ARP_SHA, NxmField.ARP_THA),
                NxmField.move(NxmField.ARP_SPA, NxmField.ARP_TPA),
                OF13.actions().setField(OF13.oxms().arpSha(mac)),
                OF13.actions().setField(OF13.oxms().arpSpa(ip)),
                OF13.actions().output(OFPort.IN_PORT, 0));
    }
}
