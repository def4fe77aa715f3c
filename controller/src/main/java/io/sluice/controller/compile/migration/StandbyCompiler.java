package io.sluice.controller.compile.migration;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.CompileContext;
import io.sluice.controller.compile.FlowCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.FlowParts;
import io.sluice.controller.compile.l2.Metadata;
import io.sluice.controller.compile.l2.SwitchView;
import io.sluice.controller.compile.mpls.LabelReceiveCompiler;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A live migration's destination, readied while the VM still runs on the source ({@code Snapshot.standby}: the
 * destination holds an inactive binding and reports the port plugged). Three flows, so that the activation
 * moves traffic in one step wherever each switch is in its reconciliation:
 * <ul>
 *   <li>CLASSIFY: the moved VM's first packet (QEMU's RARP or gratuitous ARP as it resumes) goes to the
 *       controller, which activates the binding ({@code binding.MigrationActivator}); it is not forwarded, as
 *       the port's flows here are not in place yet;</li>
 *   <li>L2_FORWARD, for a switched network: a packet from another host for the port's MAC is delivered, so a
 *       peer that switched first reaches it before this switch has;</li>
 *   <li>CLASSIFY, for an MPLS network: a packet with the inactive binding's label is delivered, for the same
 *       reason.</li>
 * </ul>
 * Packets of this host's own VMs for the port still go to the source until the activation.
 */
public final class StandbyCompiler implements FlowCompiler {
    /** Enough of the first packet to log what it was; the punt itself only needs in_port and the cookie. */
    private static final int PUNTED_BYTES = 128;

    private record Readied(String portId, int ofport, String mac, long key, boolean mpls, Integer label,
                           int labelPort, MplsEncapsulation encapsulation) {
    }

    @Override
    public List<FlowSpec> flows(CompileContext context) {
        Snapshot snapshot = context.snapshot();
        Optional<AgentInfo> self = context.index().placement().hostOf(context.dpid());
        if (self.isEmpty() || snapshot.standby().isEmpty()) {
            return List.of();
        }
        List<FlowSpec> flows = new ArrayList<>();
        snapshot.standby().values().stream().filter(r -> r.host().equals(self.get().host()))
                .sorted(Comparator.comparing(PortReport::portId))
                .flatMap(report -> readied(snapshot, self.get(), report, context.mpls()).stream())
                .forEach(readied -> flows.addAll(context.memo(readied, StandbyCompiler::flows)));
        return flows;
    }

    /** What a standby port needs here, if it can be placed here at all (see {@code SwitchView}'s rules). */
    private static Optional<Readied> readied(Snapshot snapshot, AgentInfo self, PortReport report,
                                             MplsEncapsulation mpls) {
        Port port = snapshot.tenants().ports().get(report.portId());
        Network network = port == null ? null : snapshot.tenants().networks().get(port.networkId());
        boolean ofportTaken = snapshot.ports().values().stream()
                .anyMatch(r -> r.host().equals(self.host()) && r.ofport() == report.ofport());
        if (network == null || !network.adminStateUp() || !port.adminStateUp() || ofportTaken
                || !SwitchView.reaches(self, network)) {
            return Optional.empty();
        }
        boolean isMpls = network.type() == NetworkType.MPLS;
        Integer label = port.binding().inactiveOn(self.host()).map(PortBinding::mplsLabel).orElse(null);
        Integer labelPort = self.tunnelPorts().get(mpls.tunnelPortKind());
        if (isMpls && (label == null || labelPort == null)) {
            return Optional.empty();
        }
        return Optional.of(new Readied(port.id(), report.ofport(), port.macAddress(),
                Metadata.keyOn(network, self), isMpls, label, isMpls ? labelPort : 0, mpls));
    }

    private static List<FlowSpec> flows(Readied port) {
        List<FlowSpec> flows = new ArrayList<>();
        flows.add(FlowSpec.of(Table.CLASSIFY, Priority.PORT, FlowParts.inPort(port.ofport()).build(),
                List.of(FlowParts.apply(List.of(OF13.actions().output(OFPort.CONTROLLER, PUNTED_BYTES)))),
                FlowParts.cookie(Owner.MIGRATION, port.portId())));
        if (port.mpls()) {
            flows.add(LabelReceiveCompiler.receive(new LabelReceiveCompiler.Receive(port.portId(), port.label(),
                    port.ofport(), port.mac(), port.labelPort(), port.encapsulation()), Owner.MIGRATION));
        } else {
            flows.add(FlowSpec.of(Table.L2_FORWARD, Priority.PORT, Metadata.fromOutside(OF13.buildMatch(), port.key())
                            .setExact(MatchField.ETH_DST, MacAddress.of(port.mac())).build(),
                    List.of(FlowParts.apply(List.of(FlowParts.output(port.ofport())))),
                    FlowParts.cookie(Owner.MIGRATION, port.portId())));
        }
        return flows;
    }
}
