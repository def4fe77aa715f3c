package io.sluice.controller.compile.mpls;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.FlowParts;
import io.sluice.controller.compile.l2.SwitchView.LocalPort;
import io.sluice.controller.compile.l2.SwitchView.Vrf;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.tenant.MplsEncapsulation;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * CLASSIFY for labelled packets: one that arrives through the encapsulation's port with the label of a port
 * on this switch has its label popped, its MACs set as the gateway's delivery to that port, and goes out of
 * it. The label alone names the port (labels are unique in the deployment), so no VRF lookup is needed, as in
 * OpenContrail's vRouter. The sending host already applied port security and the route. A label no local port
 * holds (e.g. a port that just moved away) meets the table's miss and is dropped.
 */
public final class LabelReceiveCompiler implements FlowCompiler {
    /** A labelled packet for a port: which label, on which port it arrives, where it goes. */
    public record Receive(String portId, int label, int ofport, String mac, int labelPort,
                          MplsEncapsulation encapsulation) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        for (Vrf vrf : context.view().vrfs()) {
            if (vrf.labelPort().isEmpty()) {
                continue;
            }
            for (LocalPort local : vrf.local()) {
                flows.add(context.memo(new Receive(local.port().id(), local.port().binding().mplsLabel(),
                        local.ofport(), local.port().macAddress(), vrf.labelPort().getAsInt(), context.mpls()),
                        LabelReceiveCompiler::receive));
            }
        }
        return flows;
    }

    private static FlowSpec receive(Receive in) {
        return receive(in, Owner.MPLS_RECEIVE);
    }

    /** The flow popping {@code in}'s label and delivering it, owned by {@code owner}. */
    public static FlowSpec receive(Receive in, Owner owner) {
        Match.Builder match = FlowParts.inPort(in.labelPort());
        if (in.encapsulation() == MplsEncapsulation.VXLAN) {
            match.setExact(MatchField.TUNNEL_ID, U64.of(Delivery.MPLS_IN_VXLAN_VNI));
        }
        match.setExact(MatchField.ETH_TYPE, EthType.MPLS_UNICAST).setExact(MatchField.MPLS_LABEL, U32.of(in.label()));
        List<OFAction> actions = List.of(OF13.actions().popMpls(EthType.IPv4),
                OF13.actions().setField(OF13.oxms().ethSrc(Delivery.GATEWAY_MAC)),
                OF13.actions().setField(OF13.oxms().ethDst(MacAddress.of(in.mac()))),
                OF13.actions().output(OFPort.of(in.ofport()), 0));
        return FlowSpec.of(Table.CLASSIFY, Priority.PORT, match.build(), List.of(FlowParts.apply(actions)),
                FlowParts.cookie(owner, in.portId()));
    }
}
