package io.sluice.controller.dhcp;

import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The model's answer to "which lease does this client get": the port a request came in on decides. Called on
 * a switch's channel thread for every DHCP packet: must not block (read an immutable snapshot).
 */
@FunctionalInterface
public interface LeaseSource {
    /**
     * The lease of the VM port at {@code inPort} of switch {@code dpid} if {@code mac} is that port's MAC and
     * its subnet has DHCP on; empty otherwise (unknown port, foreign MAC, DHCP off).
     */
    Optional<DhcpLease> leaseFor(DatapathId dpid, OFPort inPort, MacAddress mac);
}
