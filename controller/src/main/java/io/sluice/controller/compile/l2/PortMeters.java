package io.sluice.controller.compile.l2;

import io.sluice.controller.dhcp.DhcpService;
import io.sluice.controller.pipeline.MeterSpec;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;

/**
 * The per-port meters that keep one VM's flood of ARP or DHCP from reaching anyone else: its ARP (answered
 * in the datapath or flooded to the network) and its DHCP (punted to the controller) pass a meter of their
 * own port, which drops the excess in the datapath. A flooding VM thus never floods the network's ports and
 * tunnels, nor uses up the switch's PACKET_IN budget that the other VMs' DHCP shares.
 *
 * <p>Ids come from the port's ofport alone (ofports stay below OFPP_MAX, 0xff00, so ids stay far below
 * OFPM_MAX and below Open vSwitch's 262,144 meters), so they are stable across recompiles and a port's
 * meters are only ever created with it and deleted with it.
 */
public final class PortMeters {
    /**
     * A VM's ARP per second: a busy VM resolves a few addresses a second, a VM starting up a few dozen at
     * once; a flood of thousands is cut to this, with the burst for a start-up.
     */
    static final long ARP_PER_SECOND = 100;
    static final long ARP_BURST = 200;

    private PortMeters() {
    }

    /** The meter of the ARP a port sends. */
    public static MeterSpec arp(int ofport) {
        return new MeterSpec(2L * ofport, ARP_PER_SECOND, ARP_BURST);
    }

    /** The meter of the DHCP a port sends, as much as the DHCP server answers per port and no more. */
    public static MeterSpec dhcp(int ofport) {
        return new MeterSpec(2L * ofport + 1, (long) DhcpService.PER_PORT_LIMIT.perSecond(),
                DhcpService.PER_PORT_LIMIT.burst());
    }

    /** The instruction sending a flow's packets through a meter; OpenFlow runs it before any other. */
    static OFInstruction through(MeterSpec meter) {
        return FlowParts.OF13.instructions().meter(meter.meterId());
    }
}
