package io.sluice.models.agent;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.models.tenant.Check;

/**
 * A VM port as a node agent sees it on br-int: an OVS Interface whose {@code external_ids:iface-id} is the
 * Neutron port id (the os-vif contract). Sent in {@code port_update} notifications when it appears, changes
 * or disappears.
 *
 * @param portId      the Neutron port id (external_ids:iface-id)
 * @param host        the reporting agent's host
 * @param ofport      its OpenFlow port number on br-int; -1 while OVS has not assigned one, or when gone
 * @param attachedMac external_ids:attached-mac, as Nova's os-vif wrote it
 * @param present     false when the interface was removed (unplugged)
 */
// On the wire a report has only its five members: isUsable() is derived, and a peer that does not know it
// would reject the report.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record PortReport(@JsonProperty("port_id") String portId, @JsonProperty("host") String host,
                         @JsonProperty("ofport") int ofport, @JsonProperty("attached_mac") String attachedMac,
                         @JsonProperty("present") boolean present) {
    public PortReport {
        if (portId == null || portId.isBlank() || host == null || host.isBlank()) {
            throw new IllegalArgumentException("a port report needs a port id and a host");
        }
        portId = Check.shared(portId);
        host = Check.shared(host);
        attachedMac = Check.shared(attachedMac);
    }

    /** Plugged and numbered: the controller can compile flows for it. */
    public boolean isUsable() {
        return present && ofport > 0;
    }
}
