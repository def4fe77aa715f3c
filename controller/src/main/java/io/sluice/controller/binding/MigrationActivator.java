package io.sluice.controller.binding;

import io.sluice.controller.compile.HostsByDatapath;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.openflow.SwitchListener;
import io.sluice.controller.openflow.SwitchSession;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.tenant.Changes;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.Port;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activates a live migration's destination binding when the moved VM speaks there first: the destination's
 * readied CLASSIFY flow ({@code compile.migration.StandbyCompiler}) punts its first packet, and the binding on
 * that host becomes the active one, as Nova's activate call would make it (whichever comes first wins; the
 * other then finds nothing to do). The store write runs on {@code executor}, off the switch's channel thread.
 *
 * <p>A port activated moments ago is not taken back by a packet: right after a move the source's binding is the
 * inactive one, and a last packet of the paused source VM must not undo the migration.
 */
public final class MigrationActivator implements SwitchListener {
    private static final Logger log = LoggerFactory.getLogger(MigrationActivator.class);
    /** How long after an activation a punted packet cannot move the port again. */
    static final long SETTLE_NANOS = 5_000_000_000L;

    private final Supplier<Snapshot> snapshot;
    private final HostsByDatapath hosts;
    private final TenantRepository tenants;
    private final Executor executor;
    private final LongSupplier nanoClock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> activatedAt = new ConcurrentHashMap<>();

    public MigrationActivator(Supplier<Snapshot> snapshot, HostsByDatapath hosts, TenantRepository tenants,
                              Executor executor, LongSupplier nanoClock) {
        this.snapshot = snapshot;
        this.hosts = hosts;
        this.tenants = tenants;
        this.executor = executor;
        this.nanoClock = nanoClock;
    }

    @Override
    public void packetIn(SwitchSession session, OFPacketIn packetIn) {
        if (FlowCookie.parse(packetIn.getCookie()).map(FlowCookie::owner).orElse(null) != Owner.MIGRATION) {
            return;
        }
        OFPort inPort = packetIn.getMatch().get(MatchField.IN_PORT);
        Snapshot s = snapshot.get();
        Optional<String> host = hosts.hostOf(s, session.dpid()).map(AgentInfo::host);
        if (inPort == null || host.isEmpty()) {
            return;
        }
        s.standby().values().stream()
                .filter(r -> r.host().equals(host.get()) && r.ofport() == inPort.getPortNumber())
                .map(PortReport::portId).findFirst()
                .ifPresent(portId -> activateSoon(portId, host.get()));
    }

    private void activateSoon(String portId, String host) {
        Long last = activatedAt.get(portId);
        if (last != null && nanoClock.getAsLong() - last < SETTLE_NANOS || !inFlight.add(portId)) {
            return;
        }
        executor.execute(() -> {
            try {
                activate(portId, host);
            } catch (RuntimeException e) {
                log.warn("could not activate port {}'s binding on {}: {}", portId, host, e.toString());
            } finally {
                inFlight.remove(portId);
            }
        });
    }

    private void activate(String portId, String host) {
        tenants.mutate(state -> {
            Port port = state.model().ports().get(portId);
            if (port == null || port.binding().inactiveOn(host).isEmpty()) {
                return Changes.of(); // deleted, or activated by the API meanwhile
            }
            log.info("port {} spoke on {}: its binding there is now active (live migration)", portId, host);
            activatedAt.put(portId, nanoClock.getAsLong());
            return Changes.of().rebind(port, port.binding().activate(host));
        });
    }
}
