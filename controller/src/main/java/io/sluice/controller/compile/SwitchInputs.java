package io.sluice.controller.compile;

import io.sluice.controller.compile.l2.SwitchView;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one switch's compile reads of a snapshot: a switch whose inputs equal those of its last compile
 * has the same desired state, so a model change compiles only the switches it touches (issue 8). Compilers read
 * the switch's {@link SwitchView} and, beyond it, only what is listed here; a compiler that comes to read more
 * of the snapshot must add it, or switches would keep a stale desired state. {@code IncrementalCompileTest}
 * compares every step of random walks with a compile from scratch.
 *
 * @param facts     what every switch reads of the snapshot alike
 * @param migration the whole snapshot while this switch readies a live migration's port: what
 *                  {@code StandbyCompiler} reads then is spread over it (every port report, ports, networks)
 */
record SwitchInputs(SwitchView view, SnapshotFacts facts, Optional<Snapshot> migration) {

    /**
     * What every switch's compile reads of a snapshot beyond its view, the same for all: one per snapshot, and
     * the previous snapshot's very instance when equal, so that each switch compares it by identity.
     *
     * @param hosts            every host's facts: the operator's flows name switches by host
     *                         ({@code OperatorFlowCompiler})
     * @param subnets          whether a port's subnet serves DHCP ({@code DhcpPuntCompiler}) and where a router
     *                         leads ({@code VrfRouteCompiler})
     * @param routers          where a router leads ({@code VrfRouteCompiler})
     * @param routerInterfaces each router's interface ports ({@code VrfRouteCompiler})
     */
    record SnapshotFacts(Map<String, AgentInfo> hosts, OperatorFlows operatorFlows, Map<String, Subnet> subnets,
                         Map<String, Router> routers, Map<String, List<Port>> routerInterfaces) {
    }

    static SwitchInputs of(CompileContext context) {
        Snapshot snapshot = context.snapshot();
        Optional<AgentInfo> self = context.index().placement().hostOf(context.dpid());
        boolean readying = self.isPresent() && !snapshot.standby().isEmpty() && snapshot.standby().values().stream()
                .anyMatch(report -> report.host().equals(self.get().host()));
        return new SwitchInputs(context.view(), context.index().facts(), readying ? Optional.of(snapshot)
                : Optional.empty());
    }

    /**
     * Whether these inputs differ from the other's at most in the networks served: then a network's share of
     * the desired state, which reads its own network and these facts, is the same where its network is.
     */
    boolean sameBesidesNetworks(SwitchInputs other) {
        return other != null && view.tunnelPort().equals(other.view.tunnelPort()) && facts.equals(other.facts)
                && migration.equals(other.migration);
    }
}
