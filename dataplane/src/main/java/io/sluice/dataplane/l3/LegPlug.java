package io.sluice.dataplane.l3;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where the host ends of router legs are plugged: br-int, os-vif style, in production ({@link OvsdbLegPlug}).
 * Blocking: the L3 agent converges on its own thread.
 */
public interface LegPlug {
    /** One host end to plug, for Neutron port {@code portId} with MAC {@code mac}. */
    record Plug(String device, String portId, String mac) {
    }

    /** The host-side names starting with {@code prefix} that are plugged now. */
    Set<String> plugged(String prefix);

    /** Plugs all of {@code plugs} at once. */
    void plug(List<Plug> plugs);

    /** Unplugs these host-side names; names not plugged are ignored. */
    void unplug(Collection<String> devices);
}
