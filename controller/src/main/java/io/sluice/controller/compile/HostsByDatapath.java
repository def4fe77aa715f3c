package io.sluice.controller.compile;

import io.sluice.models.agent.AgentInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * {@link Snapshot#hostOf} without its scan of every host: the reconciler asks it of every switch at every model
 * change, which made each change cost hosts² datapath id parses (a million at 1,000 hypervisors). The index is
 * derived again only when a snapshot holds another hosts map than the last one asked about.
 */
public final class HostsByDatapath {
    private record Derived(Map<String, AgentInfo> hosts, Map<DatapathId, AgentInfo> byDatapath) {
    }

    private volatile Derived last = new Derived(Map.of(), Map.of());

    /** The host whose br-int this is, if its agent has registered: what {@link Snapshot#hostOf} finds. */
    public Optional<AgentInfo> hostOf(Snapshot snapshot, DatapathId dpid) {
        Derived derived = last;
        if (derived.hosts() != snapshot.hosts()) {
            derived = new Derived(snapshot.hosts(), index(snapshot.hosts()));
            last = derived;
        }
        return Optional.ofNullable(derived.byDatapath().get(dpid));
    }

    /** In the map's order, as Snapshot.hostOf finds them: of two hosts claiming one datapath id, the first. */
    private static Map<DatapathId, AgentInfo> index(Map<String, AgentInfo> hosts) {
        Map<DatapathId, AgentInfo> byDatapath = new HashMap<>();
        hosts.values().stream().filter(h -> h.datapathId() != null)
                .forEach(h -> byDatapath.putIfAbsent(Snapshot.datapathOf(h), h));
        return byDatapath;
    }
}
