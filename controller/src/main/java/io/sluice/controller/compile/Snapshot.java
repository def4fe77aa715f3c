package io.sluice.controller.compile;

import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
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

    public Snapshot {
        hosts = Map.copyOf(hosts);
        ports = Map.copyOf(ports);
        standby = Map.copyOf(standby);
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

    /** A switch named by host name or by datapath id (16 hex digits, colons optional). */
    public Optional<DatapathId> resolve(String switchName) {
        AgentInfo host = hosts.get(switchName);
        if (host != null && host.datapathId() != null) {
            return Optional.of(datapathOf(host));
        }
        String hex = switchName.replace(":", "");
        return hex.matches("[0-9a-fA-F]{16}") ? Optional.of(DatapathId.of(Long.parseUnsignedLong(hex, 16)))
                : Optional.empty();
    }

    /**
     * What compilers can read of this snapshot: two snapshots whose views are equal compile to the same flows
     * on every switch, so a change that leaves the view as it was (a port created or bound but not plugged
     * yet, a status written, a revision bumped) needs no recompilation. Compilers place only ports an agent
     * reports, and never read a port's status or a revision; {@code CompilerViewTest} holds them to it.
     */
    public Snapshot compilerView() {
        return compilerView(null, null);
    }

    /**
     * The same as {@link #compilerView()}, with each port whose record is the very one {@code before} holds taken
     * from {@code beforeView}, that snapshot's view: a port is copied once rather than at every model change,
     * and views that share their ports compare by identity, not field by field.
     *
     * @param before     an earlier snapshot, or null
     * @param beforeView {@code before.compilerView()} as computed then, or null
     */
    public Snapshot compilerView(Snapshot before, Snapshot beforeView) {
        Map<String, Port> reported = new HashMap<>();
        tenants.ports().forEach((id, port) -> {
            if (ports.containsKey(id) || standby.containsKey(id)) {
                Port kept = before == null || before.tenants().ports().get(id) != port ? null
                        : beforeView.tenants().ports().get(id);
                reported.put(id, kept != null ? kept : port.withoutBookkeeping());
            }
        });
        return new Snapshot(hosts, ports, tenants.withPorts(0, Map.copyOf(reported)), operatorFlows, standby);
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
