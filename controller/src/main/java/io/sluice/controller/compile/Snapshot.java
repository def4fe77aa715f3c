package io.sluice.controller.compile;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Everything compilers read, frozen: the tenant model, what the node agents reported (hosts and the VM ports
 * plugged on them) and the operator's flows. Compilers are pure functions of a snapshot, so the same
 * snapshot always yields the same flows.
 *
 * @param hosts         each registered agent's facts by host name (datapath id, tunnel IP and ports)
 * @param ports         VM ports plugged on br-int, by Neutron port id, as the agents report them
 * @param tenants       networks, subnets and ports from the store
 * @param operatorFlows flows the operator configured by hand
 * @param standby       VM ports plugged on a live migration's destination too, by Neutron port id, as that
 *                      host reports them: it holds an inactive binding of the port, and its flows are readied
 *                      ({@code binding.PortPlacement})
 */
public record Snapshot(Map<String, AgentInfo> hosts, Map<String, PortReport> ports, TenantModel tenants,
                       OperatorFlows operatorFlows, Map<String, PortReport> standby) {
    public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), TenantModel.EMPTY, OperatorFlows.NONE);

    /**
     * The reports are kept persistent ({@link PersistentMaps}), a persistent map as it is: the placement's maps
     * descend from the last snapshot's, so what compares two snapshots' ports looks at what a change moved.
     */
    public Snapshot {
        hosts = Map.copyOf(hosts);
        ports = PersistentMaps.of(ports);
        standby = PersistentMaps.of(standby);
    }

    /** A snapshot with no live migration under way. */
    public Snapshot(Map<String, AgentInfo> hosts, Map<String, PortReport> ports, TenantModel tenants,
                    OperatorFlows operatorFlows) {
        this(hosts, ports, tenants, operatorFlows, Map.of());
    }

    /** Each registered host's br-int datapath id. */
    public Map<String, DatapathId> hostDatapaths() {
        return hosts.values().stream().filter(h -> h.datapathId() != null)
                .collect(Collectors.toUnmodifiableMap(AgentInfo::host, Snapshot::datapathOf));
    }

    /** The host whose br-int this is, if its agent has registered. */
    public Optional<AgentInfo> hostOf(DatapathId dpid) {
        return hosts.values().stream().filter(h -> h.datapathId() != null && datapathOf(h).equals(dpid))
                .findFirst();
    }

    /** The br-int datapath id of the host with this name, if its agent has registered. */
    public Optional<DatapathId> hostDatapath(String hostName) {
        AgentInfo host = hosts.get(hostName);
        return host == null || host.datapathId() == null ? Optional.empty() : Optional.of(datapathOf(host));
    }

    /** A switch named by host name or by datapath id (16 hex digits, colons optional). */
    public Optional<DatapathId> resolve(String switchName) {
        Optional<DatapathId> byHost = hostDatapath(switchName);
        if (byHost.isPresent()) {
            return byHost;
        }
        String hex = switchName.replace(":", "");
        return hex.matches("[0-9a-fA-F]{16}") ? Optional.of(DatapathId.of(Long.parseUnsignedLong(hex, 16)))
                : Optional.empty();
    }

    /**
     * What compilers can read of this snapshot: two snapshots whose views are equal compile to the same flows
     * on every switch, so a change that leaves the view as it was (a port created or bound but not plugged
     * yet, a status written, a revision bumped) needs no recompilation. Compilers place only ports an agent
     * reports, and never read a port's status or a revision; {@code CompilerViewTest} holds them to it. The view
     * is all of the snapshot but the model's revision and ports ({@link #besidesPorts}), and the reported ports
     * without their bookkeeping.
     */
    public Snapshot compilerView() {
        Map<String, Port> reported = new HashMap<>();
        tenants.ports().forEach((id, port) -> {
            if (isReported(id)) {
                reported.put(id, port.withoutBookkeeping());
            }
        });
        return withTenants(tenants.withPorts(0, reported));
    }

    /**
     * Whether this snapshot's {@link #compilerView()} equals {@code before}'s, without building either: the
     * controller asks it at every model change, and building a view copied every reported port. Looks only at the
     * ports whose records are other objects ({@link PersistentMaps#changedKeys}): a snapshot after a model change
     * holds the very records of the last for all it did not change.
     */
    public boolean compilesAs(Snapshot before) {
        if (!besidesPorts().equals(before.besidesPorts())) {
            return false;
        }
        Map<String, Port> was = before.tenants.ports();
        // The reports are the same in both: only a reported port can move the view.
        for (String id : PersistentMaps.changedKeys(was, tenants.ports())) {
            Port old = was.get(id);
            Port port = tenants.ports().get(id);
            if (isReported(id) && (old == null || port == null
                    || !old.withoutBookkeeping().equals(port.withoutBookkeeping()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The part of the compiler view that is this snapshot as it is: all but the model's revision and ports, so a
     * field added to the snapshot or the model is in the view without being named here. Cheap: no map is copied.
     */
    private Snapshot besidesPorts() {
        return withTenants(tenants.withPorts(0, Map.of()));
    }

    /** Reported by an agent where it carries traffic or where a live migration readies it: compilers place it. */
    private boolean isReported(String portId) {
        return ports.containsKey(portId) || standby.containsKey(portId);
    }

    public Snapshot withHosts(Map<String, AgentInfo> newHosts) {
        return new Snapshot(newHosts, ports, tenants, operatorFlows, standby);
    }

    public Snapshot withPorts(Map<String, PortReport> newPorts) {
        return new Snapshot(hosts, newPorts, tenants, operatorFlows, standby);
    }

    /** The ports where they carry traffic and where a live migration readies them. */
    public Snapshot withPorts(Map<String, PortReport> newPorts, Map<String, PortReport> newStandby) {
        return new Snapshot(hosts, newPorts, tenants, operatorFlows, newStandby);
    }

    public Snapshot withTenants(TenantModel newTenants) {
        return new Snapshot(hosts, ports, newTenants, operatorFlows, standby);
    }

    public Snapshot withOperatorFlows(OperatorFlows flows) {
        return new Snapshot(hosts, ports, tenants, flows, standby);
    }

    /** A registered host's br-int datapath id. */
    public static DatapathId datapathOf(AgentInfo host) {
        return DatapathId.of(Long.parseUnsignedLong(host.datapathId(), 16));
    }
}
