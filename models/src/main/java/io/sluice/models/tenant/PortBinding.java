package io.sluice.models.tenant;

import java.util.Map;

/**
 * Where a port is bound, Neutron's binding:* attributes: Nova sets the host and profile; Sluice answers with
 * the VIF type and details os-vif needs.
 *
 * @param hostId    the hypervisor (Nova's host name = the agent's host), or "" when unbound
 * @param profile   Nova's binding:profile, kept as given (e.g. migrating_to)
 * @param mplsLabel the MPLS label naming the port on the wire (ports of MPLS networks, while bound); else null
 */
public record PortBinding(String hostId, Map<String, String> profile, Integer mplsLabel) {
    public static final PortBinding UNBOUND = new PortBinding("", Map.of());
    /** Labels 0..15 are reserved (RFC 3032); a label field has 20 bits. */
    public static final int MIN_MPLS_LABEL = 16;
    public static final int MAX_MPLS_LABEL = (1 << 20) - 1;

    public PortBinding {
        hostId = Check.name("binding:host_id", hostId);
        profile = profile == null ? Map.of() : Map.copyOf(profile);
        if (mplsLabel != null && hostId.isEmpty()) {
            throw new ValidationException("sluice:mpls_label", "an unbound port holds no label");
        }
        if (mplsLabel != null && (mplsLabel < MIN_MPLS_LABEL || mplsLabel > MAX_MPLS_LABEL)) {
            throw new ValidationException("sluice:mpls_label", mplsLabel + " is out of range " + MIN_MPLS_LABEL
                    + ".." + MAX_MPLS_LABEL);
        }
    }

    /** A binding without a label: ports of every network but MPLS ones, and unbound ports. */
    public PortBinding(String hostId, Map<String, String> profile) {
        this(hostId, profile, null);
    }

    public boolean isBound() {
        return !hostId.isEmpty();
    }

    public PortBinding withMplsLabel(Integer label) {
        return new PortBinding(hostId, profile, label);
    }
}
