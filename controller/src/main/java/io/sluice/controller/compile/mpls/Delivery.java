package io.sluice.controller.compile.mpls;

import static io.sluice.controller.compile.l2.FlowParts.OF13;

import io.sluice.controller.compile.l2.FlowParts;
import io.sluice.models.tenant.MplsEncapsulation;
import java.util.List;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * Where a routed packet of a VRF goes, and the actions that take it there. VMs of an MPLS network see every
 * destination behind one router, {@link #GATEWAY_MAC}: each delivery decrements the TTL once, as that router.
 */
public sealed interface Delivery {
    /** The virtual gateway's MAC, OpenContrail vRouter's (the VRRP MAC 00:00:5e:00:01:00). */
    MacAddress GATEWAY_MAC = MacAddress.of("00:00:5e:00:01:00");
    /** The VNI labelled packets carry when MPLS rides in VXLAN: never a network's (the pool starts at 1). */
    int MPLS_IN_VXLAN_VNI = 0;

    List<OFAction> actions(MplsEncapsulation encapsulation);

    /** To a port on this switch, as if from the gateway. */
    record Local(int ofport, String mac) implements Delivery {
        @Override
        public List<OFAction> actions(MplsEncapsulation encapsulation) {
            return List.of(OF13.actions().decNwTtl(), OF13.actions().setField(OF13.oxms().ethSrc(GATEWAY_MAC)),
                    OF13.actions().setField(OF13.oxms().ethDst(MacAddress.of(mac))), FlowParts.output(ofport));
        }
    }

    /**
     * To the host of the port holding {@code label}: the label pushed, the host's tunnel IP as tun_dst, out of
     * the encapsulation's port (over GRE, OVS strips the Ethernet header: the wire carries IP in MPLS in GRE).
     */
    record Remote(int label, IPv4Address tunnelIp, int labelPort) implements Delivery {
        @Override
        public List<OFAction> actions(MplsEncapsulation encapsulation) {
            List<OFAction> push = List.of(OF13.actions().decNwTtl(), OF13.actions().pushMpls(EthType.MPLS_UNICAST),
                    OF13.actions().setField(OF13.oxms().mplsLabel(U32.of(label))));
            List<OFAction> out = List.of(OF13.actions().setField(OF13.oxms().tunnelIpv4Dst(tunnelIp)),
                    FlowParts.output(labelPort));
            List<OFAction> vni = switch (encapsulation) {
                case GRE -> List.of();
                case VXLAN -> List.of(OF13.actions().setField(OF13.oxms().tunnelId(U64.of(MPLS_IN_VXLAN_VNI))));
            };
            return Stream.of(push, vni, out).flatMap(List::stream).toList();
        }
    }
}
