package io.sluice.controller.bench;

import io.sluice.controller.store.InMemoryStore;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.Subnet;
import java.time.Clock;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one tenant commit costs at a large model, in process: {@link TenantRepository#mutate} over an in-memory
 * store (no journal), the model built first with P ports in N networks by bulk commits of 500, then single-port
 * creates and status writes, the API's and the controller's commonest commits. CPU time of the thread per commit,
 * p50 and p90 of the timed ones after as many untimed.
 *
 * <p>Arguments: PORTS NETWORKS [COMMITS] (default 100000 5000 200).
 */
public final class CommitCostBench {

    private final List<Network> networks;
    private final List<Subnet> subnets;
    private final TenantRepository repository = new TenantRepository(new InMemoryStore(), Clock.systemUTC());
    private final int portsPerNetwork;
    private int nextPort;

    private CommitCostBench(int ports, int networkCount) {
        this.portsPerNetwork = Math.max(1, ports / networkCount);
        this.networks = BenchNetworks.networks(networkCount);
        this.subnets = BenchNetworks.subnets(networkCount);
    }

    public static void main(String[] args) {
        int ports = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int networkCount = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int commits = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        CommitCostBench bench = new CommitCostBench(ports, networkCount);
        long start = System.nanoTime();
        bench.build(ports);
        System.out.printf(Locale.ROOT, "%d ports, %d networks: built in %.1f s%n", ports, networkCount,
                (System.nanoTime() - start) / 1e9);
        bench.measure(commits); // JIT warm-up
        long[][] nanos = bench.measure(commits);
        System.out.printf(Locale.ROOT, "per commit, CPU ms of the thread, %d each, load average %.1f:%n", commits,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "  port created     %s%n", BenchTiming.percentiles(nanos[0], nanos[0].length));
        System.out.printf(Locale.ROOT, "  status written   %s%n", BenchTiming.percentiles(nanos[1], nanos[1].length));
    }

    private void build(int ports) {
        for (int n = 0; n < networks.size(); n += 500) {
            int from = n;
            repository.mutate(state -> {
                Changes changes = Changes.of();
                for (int i = from; i < Math.min(from + 500, networks.size()); i++) {
                    changes.put(networks.get(i)).put(subnets.get(i));
                }
                return changes;
            });
        }
        while (nextPort < ports) {
            repository.mutate(state -> {
                Changes changes = Changes.of();
                for (int i = 0; i < 500 && nextPort < ports; i++) {
                    changes.put(port(nextPort++));
                }
                return changes;
            });
        }
    }

    /** Per commit: a port created, then its status written ACTIVE. */
    private long[][] measure(int commits) {
        long[][] nanos = new long[2][commits];
        for (int i = 0; i < commits; i++) {
            Port port = port(nextPort++);
            long t0 = BenchTiming.cpu();
            repository.mutate(state -> Changes.of().put(port));
            long t1 = BenchTiming.cpu();
            repository.setPortStatuses(Map.of(port.id(), PortStatus.ACTIVE));
            long t2 = BenchTiming.cpu();
            nanos[0][i] = t1 - t0;
            nanos[1][i] = t2 - t1;
        }
        return nanos;
    }

    /** Port k, in network k / (ports per network), bound to a host of its own. */
    private Port port(int k) {
        int n = k / portsPerNetwork % networks.size();
        int offset = 2 + k % portsPerNetwork + k / (portsPerNetwork * networks.size()) * portsPerNetwork;
        String ip = BenchNetworks.address(n, offset);
        return new Port(BenchNetworks.uuid(1_000_000 + k), BenchNetworks.PROJECT, networks.get(n).id(), "p" + k,
                BenchNetworks.mac(k), List.of(new FixedIp(subnets.get(n).id(), ip)), BenchNetworks.uuid(2_000_000 + k),
                "compute:nova", true, true, List.of(),
                new PortBinding(String.format(Locale.ROOT, "hv%04d", k % 1000), Map.of(), null), PortStatus.DOWN, 1);
    }
}
