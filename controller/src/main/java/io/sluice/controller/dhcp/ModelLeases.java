package io.sluice.controller.dhcp;

import io.sluice.controller.compile.HostsByDatapath;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Subnet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Leases from the model: the switch port a DHCP request came in on names the Neutron port plugged there (the
 * agents' reports), and that port's first address on a DHCP-enabled subnet is its lease. A request from a MAC
 * that is not the port's gets nothing, so a VM cannot take another's lease.
 *
 * <p>The server identifier is the subnet's gateway address, or its last host address when it has none; the
 * server MAC is a fixed, locally administered one. Sluice has no DHCP port (Neutron's dhcp agent makes one),
 * so this address is virtual: a renewal unicast to it needs the ARP responder to answer for it.
 */
public final class ModelLeases implements LeaseSource {
    /** Locally administered, never handed to a port (those are fa:16:3e:...). */
    public static final MacAddress SERVER_MAC = MacAddress.of("02:51:ce:00:00:01");
    private static final Duration LEASE_TIME = Duration.ofHours(24);

    private final Supplier<Snapshot> snapshot;
    private final HostsByDatapath hosts;
    /** The reports {@link #bySlot} indexes (guarded by this). */
    private Map<String, PortReport> indexed = Map.of();
    /** Usable reports' port ids by the host and OpenFlow port they name (guarded by this). */
    private final Map<Slot, Set<String>> bySlot = new HashMap<>();

    private record Slot(String host, int ofport) {
    }

    /** @param hosts finds the host of the switch a request came in on without scanning every host */
    public ModelLeases(Supplier<Snapshot> snapshot, HostsByDatapath hosts) {
        this.snapshot = snapshot;
        this.hosts = hosts;
    }

    @Override
    public Optional<DhcpLease> leaseFor(DatapathId dpid, OFPort inPort, MacAddress mac) {
        Snapshot s = snapshot.get();
        Optional<String> host = hosts.hostOf(s, dpid).map(AgentInfo::host);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        return pluggedAt(s.ports(), new Slot(host.get(), inPort.getPortNumber()))
                .map(s.tenants().ports()::get)
                .filter(port -> MacAddress.of(port.macAddress()).equals(mac))
                .flatMap(port -> lease(s, port));
    }

    /**
     * The port a usable report puts on this host's OpenFlow port (of two, which OVS never numbers alike, the
     * smaller id). The index follows the reports by the ports that changed since it was last asked
     * ({@link PersistentMaps#changedKeys}): a scan of every report per request made a boot storm's DHCP
     * quadratic in the ports.
     */
    private synchronized Optional<String> pluggedAt(Map<String, PortReport> reports, Slot slot) {
        if (reports != indexed) {
            for (String id : PersistentMaps.changedKeys(indexed, reports)) {
                PortReport was = indexed.get(id);
                PortReport now = reports.get(id);
                if (was != null && was.isUsable()) {
                    Set<String> ids = bySlot.get(new Slot(was.host(), was.ofport()));
                    if (ids != null && ids.remove(id) && ids.isEmpty()) {
                        bySlot.remove(new Slot(was.host(), was.ofport()));
                    }
                }
                if (now != null && now.isUsable()) {
                    bySlot.computeIfAbsent(new Slot(now.host(), now.ofport()), k -> new TreeSet<>()).add(id);
                }
            }
            indexed = reports;
        }
        Set<String> ids = bySlot.get(slot);
        return ids == null ? Optional.empty() : Optional.of(ids.iterator().next());
    }

    private static Optional<DhcpLease> lease(Snapshot s, Port port) {
        Network network = s.tenants().networks().get(port.networkId());
        if (network == null) {
            return Optional.empty();
        }
        for (FixedIp fixed : port.fixedIps()) {
            Subnet subnet = s.tenants().subnets().get(fixed.subnetId());
            if (subnet != null && subnet.enableDhcp()) {
                return Optional.of(lease(port, fixed, subnet, network));
            }
        }
        return Optional.empty();
    }

    private static DhcpLease lease(Port port, FixedIp fixed, Subnet subnet, Network network) {
        Optional<IPv4Address> gateway = Optional.ofNullable(subnet.gatewayIp()).map(IPv4Address::of);
        IPv4Address server = gateway.orElseGet(() -> IPv4Address.of(
                Subnet.hostRange(subnet.cidr()).getUpper().toCanonicalString()));
        return new DhcpLease(MacAddress.of(port.macAddress()), IPv4Address.of(fixed.ipAddress()),
                subnet.prefixLength(), gateway, subnet.dnsNameservers().stream().map(IPv4Address::of).toList(),
                subnet.hostRoutes().stream().map(r -> ClasslessRoute.of(r.destination(), r.nexthop())).toList(),
                network.mtu(), LEASE_TIME, server, SERVER_MAC, Optional.empty());
    }
}
