package io.sluice.dataplane.ports;

import io.sluice.models.agent.PortReport;

/**
 * A VM port as plugged on br-int by Nova's os-vif: an Interface with {@code external_ids:iface-id}.
 *
 * @param portId      the Neutron port id (external_ids:iface-id)
 * @param ofport      the OpenFlow port number, or -1 while ovs-vswitchd has not given one (or could not)
 * @param attachedMac external_ids:attached-mac, or null if os-vif did not set it
 */
public record VmPort(String portId, int ofport, String attachedMac) {
    public VmPort {
        if (portId == null || portId.isBlank()) {
            throw new IllegalArgumentException("a VM port needs its iface-id");
        }
        ofport = ofport > 0 ? ofport : -1;
    }

    /** Numbered: flows can name it. */
    public boolean isUsable() {
        return ofport > 0;
    }

    public PortReport report(String host) {
        return new PortReport(portId, host, ofport, attachedMac, true);
    }
}
