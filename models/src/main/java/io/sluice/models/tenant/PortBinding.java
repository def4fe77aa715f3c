package io.sluice.models.tenant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a port is bound, Neutron's binding:* attributes: Nova sets the host and profile; Sluice answers with
 * the VIF type and details os-vif needs. Beside the active binding a port may hold <em>inactive</em> ones
 * (Neutron's binding-extended, one per host): Nova creates one on a live migration's destination, activates
 * it when the VM moves (the active one then becomes inactive) and deletes the source's.
 *
 * @param hostId    the hypervisor (Nova's host name = the agent's host), or "" when unbound
 * @param profile   Nova's binding:profile, kept as given (e.g. migrating_to)
 * @param mplsLabel the MPLS label naming the port on the wire (ports of MPLS networks, while bound); else null
 * @param inactive  the inactive bindings, each bound to another host, each with its own label on MPLS
 *                  networks (so the destination's flows can be ready before the move)
 */
public record PortBinding(String hostId, Map<String, String> profile, Integer mplsLabel, List<PortBinding> inactive) {
    public static final PortBinding UNBOUND = new PortBinding("", Map.of());
    /** Labels 0..15 are reserved (RFC 3032); a label field has 20 bits. */
    public static final int MIN_MPLS_LABEL = 16;
    public static final int MAX_MPLS_LABEL = (1 << 20) - 1;
    /** The host Nova's older live migration names in {@code binding:profile} before it moves the VM. */
    public static final String MIGRATING_TO = "migrating_to";

    public PortBinding {
        hostId = Check.shared(Check.name("binding:host_id", hostId));
        profile = profile == null ? Map.of() : Map.copyOf(profile);
        inactive = inactive == null ? List.of() : List.copyOf(inactive);
        if (mplsLabel != null && hostId.isEmpty()) {
            throw new ValidationException("sluice:mpls_label", "an unbound port holds no label");
        }
        if (mplsLabel != null && (mplsLabel < MIN_MPLS_LABEL || mplsLabel > MAX_MPLS_LABEL)) {
            throw new ValidationException("sluice:mpls_label", mplsLabel + " is out of range " + MIN_MPLS_LABEL
                    + ".." + MAX_MPLS_LABEL);
        }
        Set<String> hosts = new HashSet<>(Set.of(hostId));
        for (PortBinding other : inactive) {
            if (!other.isBound() || !other.inactive().isEmpty() || !hosts.add(other.hostId())) {
                throw new ValidationException("bindings", "an inactive binding needs a host of its own");
            }
        }
    }

    /** A binding without a label: ports of every network but MPLS ones, and unbound ports. */
    public PortBinding(String hostId, Map<String, String> profile) {
        this(hostId, profile, null);
    }

    public PortBinding(String hostId, Map<String, String> profile, Integer mplsLabel) {
        this(hostId, profile, mplsLabel, List.of());
    }

    public boolean isBound() {
        return !hostId.isEmpty();
    }

    public PortBinding withMplsLabel(Integer label) {
        return new PortBinding(hostId, profile, label, inactive);
    }

    public PortBinding withInactive(List<PortBinding> newInactive) {
        return new PortBinding(hostId, profile, mplsLabel, newInactive);
    }

    /** The inactive binding on this host, if the port has one. */
    public Optional<PortBinding> inactiveOn(String host) {
        return inactive.stream().filter(b -> b.hostId().equals(host)).findFirst();
    }

    /**
     * The binding after {@code host}'s inactive binding is activated: it becomes the active one, label and
     * all, and the active one becomes inactive (when bound), as Neutron's activate does.
     */
    public PortBinding activate(String host) {
        PortBinding target = inactiveOn(host).orElseThrow(() -> new IllegalArgumentException(
                "no inactive binding on " + host));
        List<PortBinding> rest = new ArrayList<>(inactive.stream().filter(b -> b != target).toList());
        if (isBound()) {
            rest.add(new PortBinding(hostId, profile, mplsLabel));
        }
        return new PortBinding(host, target.profile(), target.mplsLabel(), rest);
    }

    /** Every label the port holds: its active binding's and its inactive bindings'. */
    public Stream<Integer> labels() {
        return Stream.concat(Stream.of(this), inactive.stream()).map(PortBinding::mplsLabel)
                .filter(Objects::nonNull);
    }
}
