package io.sluice.controller.compile.mpls;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.FlowParts;
import io.sluice.controller.compile.l2.Metadata;
import io.sluice.controller.compile.l2.NxmField;
import io.sluice.controller.compile.l2.SwitchView.Vrf;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.List;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * ARP_DHCP for a VRF: every ARP request from a port of an MPLS network, whatever address it asks for, is
 * answered in place with {@link Delivery#GATEWAY_MAC}, as OpenContrail's vRouter does: the VMs see a routed
 * network, every destination behind one gateway, and the VRF's routes decide where a packet goes. The owner's
 * probe for its own address is exempted by the layer-2 responder's own-request flows, one band higher.
 */
public final class VrfArpCompiler implements FlowCompiler {
    private record Proxy(String networkId, long key) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        return context.view().vrfs().stream()
                .map(vrf -> context.memo(new Proxy(vrf.network().id(), vrf.key()), VrfArpCompiler::proxy)).toList();
    }

    private static FlowSpec proxy(Proxy vrf) {
        return FlowSpec.of(Table.ARP_DHCP, Priority.NETWORK, Metadata.fromPort(OF13.buildMatch(), vrf.key())
                        .setExact(MatchField.ETH_TYPE, EthType.ARP).setExact(MatchField.ARP_OP, ArpOpcode.REQUEST)
                        .build(),
                List.of(FlowParts.apply(reply())), FlowParts.cookie(Owner.VRF_ARP, vrf.networkId()));
    }

    /** The request becomes "target is at the gateway MAC": sender and target addresses swapped through reg0. */
    private static List<OFAction> reply() {
        return List.of(NxmField.move(NxmField.ETH_SRC, NxmField.ETH_DST),
                OF13.actions().setField(OF13.oxms().ethSrc(Delivery.GATEWAY_MAC)),
                OF13.actions().setField(OF13.oxms().arpOp(ArpOpcode.REPLY)),
                NxmField.move(NxmField.ARP_SHA, NxmField.ARP_THA),
                NxmField.move(NxmField.ARP_TPA, NxmField.REG0),
                NxmField.move(NxmField.ARP_SPA, NxmField.ARP_TPA),
                NxmField.move(NxmField.REG0, NxmField.ARP_SPA),
                OF13.actions().setField(OF13.oxms().arpSha(Delivery.GATEWAY_MAC)),
                OF13.actions().output(OFPort.IN_PORT, 0));
    }
}
