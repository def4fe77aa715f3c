package io.sluice.controller.compile.provider;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.l2.FlowParts;
import io.sluice.controller.compile.l2.Metadata;
import io.sluice.controller.compile.l2.SwitchView.Segment;
import io.sluice.controller.compile.l2.Uplink;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.VlanVid;

/**
 * CLASSIFY for flat and VLAN networks: a packet from the patch port to a physical network's bridge belongs
 * to the VLAN network with its VLAN id (the tag is popped here, so the rest of the pipeline and the VMs see
 * plain frames) or, untagged, to the flat network of that physical network. It is marked as from outside
 * (see {@link Metadata}) and goes straight to L2_FORWARD: port security, ARP answers and DHCP belong to the
 * host a packet was sent from, and the physical network's own hosts are not Sluice's to police. A tag no
 * served network has meets the table's miss and is dropped.
 *
 * <p>The way out (VLAN pushed, out of the patch port) is {@link Uplink.Patch#out()}, used by the flood groups.
 */
public final class ProviderClassifyCompiler implements FlowCompiler {
    private record FromPatch(String networkId, long key, Uplink.Patch patch) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        List<FlowSpec> flows = new ArrayList<>();
        for (Segment segment : context.view().segments()) {
            if (segment.uplink().orElse(null) instanceof Uplink.Patch patch) {
                flows.add(context.memo(new FromPatch(segment.network().id(), segment.key(), patch),
                        ProviderClassifyCompiler::fromPatch));
            }
        }
        return flows;
    }

    private static FlowSpec fromPatch(FromPatch in) {
        Uplink.Patch patch = in.patch();
        List<OFInstruction> instructions = new ArrayList<>();
        OFVlanVidMatch vlanMatch = OFVlanVidMatch.UNTAGGED;
        if (patch.vlan().isPresent()) {
            vlanMatch = OFVlanVidMatch.ofVlanVid(VlanVid.ofVlan(patch.vlan().getAsInt()));
            instructions.add(FlowParts.apply(List.of(OF13.actions().popVlan())));
        }
        instructions.add(Metadata.write(in.key(), true));
        instructions.add(FlowParts.goTo(Table.L2_FORWARD));
        return FlowSpec.of(Table.CLASSIFY, Priority.NETWORK,
                OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(patch.ofport()))
                        .setExact(MatchField.VLAN_VID, vlanMatch).build(),
                instructions, FlowParts.cookie(Owner.PROVIDER_CLASSIFY, in.networkId()));
    }
}
