package io.sluice.controller;

import io.sluice.controller.agents.AgentRecord;
import io.sluice.controller.audit.Auditor;
import io.sluice.controller.agents.AgentRegistry;
import io.sluice.controller.l3.FloatingIpStatusPolicy;
import io.sluice.controller.l3.RouterFailoverTask;
import io.sluice.controller.l3.RouterMove;
import io.sluice.controller.l3.RouterScheduler;
import io.sluice.controller.agents.AgentServer;
import io.sluice.controller.agents.StoredAgentFacts;
import io.sluice.controller.binding.MigrationActivator;
import io.sluice.controller.binding.PortPlacement;
import io.sluice.controller.binding.PortStatusTracker;
import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.HostsByDatapath;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.dhcp.DhcpService;
import io.sluice.controller.dhcp.ModelLeases;
import io.sluice.controller.l3.RouterPlanPublisher;
import io.sluice.controller.openflow.OpenFlowServer;
import io.sluice.controller.openflow.SwitchRegistry;
import io.sluice.controller.reconcile.Reconciler;
import io.sluice.controller.store.MapDbStore;
import io.sluice.controller.store.MapDbStoreConfig;
import io.sluice.controller.store.Store;
import io.sluice.controller.store.StoreUnavailableException;
import io.sluice.controller.tenant.TenantRepository;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.ipam.MplsLabels;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.TenantModel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process's core: the OpenFlow channel, the agent channel, the current snapshot of the
 * model, and the reconciler that keeps every switch at the snapshot's compiled desired state.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    /** How long a write the store refused (its disk full) waits before it is tried again. */
    private static final long STORE_RETRY_MILLIS = 1000;

    private final ControllerConfig config;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);
    private final DesiredStateCompiler compiler;
    private final HostsByDatapath hostsByDatapath = new HostsByDatapath();
    /** Router ports the controller binds (scheduling, failover) take labels as the API's bindings do. */
    private final MplsLabels labels;
    private final SwitchRegistry switches = new SwitchRegistry();
    private final AgentRegistry agents;
    private final Reconciler reconciler;
    private final OpenFlowServer openflow;
    private final AgentServer agentServer;
    private final Store store;
    private final StoredAgentFacts agentFacts;
    private final TenantRepository tenants;
    private final RouterPlanPublisher routerPlans;
    private AutoCloseable tenantWatch;
    /** One thread for model changes and audits, so compiles never run concurrently with each other. */
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-housekeeping");
        t.setDaemon(true);
        return t;
    });
    /** Port statuses may have changed: a model change or a switch (e.g. after reconnecting) converged. */
    private final CoalescedTask portStatuses = new CoalescedTask(housekeeping, this::publishPortStatuses);
    private final PortStatusTracker portStatusTracker = new PortStatusTracker();
    /** The agents' hosts or usable VM ports changed: they go into the snapshot. */
    private final CoalescedTask agentReports = new CoalescedTask(housekeeping, this::takeAgentReports);
    /** An L3 agent reported what its namespaces hold. */
    private final CoalescedTask floatingIpStatuses = new CoalescedTask(housekeeping, this::publishFloatingIpStatuses);
    private final AtomicReference<TenantModel> pendingTenants = new AtomicReference<>();
    /** The snapshot of the last update: the next one recompiles only if their compiler views differ. */
    private final AtomicReference<Snapshot> lastUpdate = new AtomicReference<>();
    /** The last placement, of the registry's reports as they were then. */
    private volatile PortPlacement lastPlacement = PortPlacement.NONE;
    private InetSocketAddress openflowAddress;
    private InetSocketAddress agentAddress;

    public Controller(ControllerConfig config) {
        this.config = config;
        this.compiler = DesiredStateCompiler.standard(config.mplsEncapsulation());
        this.labels = new MplsLabels(config.labelQuarantine());
        this.store = MapDbStore.open(MapDbStoreConfig.defaults(config.stateDir().resolve("store")));
        this.agentFacts = new StoredAgentFacts(store, housekeeping, this::afterStoreRetryPause);
        this.agents = new AgentRegistry(config.heartbeatInterval(), config.agentDownTime(), Clock.systemUTC(),
                System::nanoTime, agentFacts);
        this.reconciler = new Reconciler(dpid -> compiler.compile(snapshot.get(), dpid),
                dpid -> hostsByDatapath.hostOf(snapshot.get(), dpid).isPresent(), config.bundleLimit(), housekeeping);
        this.openflow = new OpenFlowServer(config.openflow(), switches);
        this.agentServer = new AgentServer(config.agentListen(), agents);
        this.tenants = new TenantRepository(store, Clock.systemUTC());
        this.routerPlans = new RouterPlanPublisher(agentServer::sendRouterUpdate, snapshot::get, housekeeping);
        agentServer.setRouterEvents(routerPlans);
        routerPlans.addListener((host, plans) -> floatingIpStatuses.request());
        switches.addListener(reconciler);
        reconciler.onConverged(dpid -> portStatuses.request());
        switches.addListener(new DhcpService(new ModelLeases(snapshot::get, hostsByDatapath),
                DhcpService.PER_PORT_LIMIT));
        switches.addListener(new MigrationActivator(snapshot::get, hostsByDatapath, tenants, housekeeping,
                System::nanoTime));
        agents.addListener(new AgentRegistry.Listener() {
            @Override
            public void agentRegistered(AgentInfo info) {
                agentReports.request();
            }

            @Override
            public void agentAlive(AgentInfo info) {
                if (info.l3()) {
                    housekeeping.execute(Controller.this::scheduleUnboundRouters);
                }
            }

            @Override
            public void portsChanged(String host) {
                agentReports.request();
            }
        });
    }

    public void start() throws InterruptedException {
        // Before any switch can connect, the snapshot holds everything persisted: the tenant model and what
        // the agents last reported. A switch reconciled against less would lose flows that carry traffic.
        agentFacts.restoreInto(agents);
        snapshot.updateAndGet(s -> placed(s.withTenants(tenants.current()).withHosts(hostsOfAgents())));
        config.operatorFlows().ifPresent(file -> {
            OperatorFlowsWatcher watcher = new OperatorFlowsWatcher(file,
                    flows -> update(s -> s.withOperatorFlows(flows)));
            watcher.run();
            housekeeping.scheduleWithFixedDelay(watcher, 500, 500, TimeUnit.MILLISECONDS);
        });
        tenantWatch = tenants.watch(this::tenantModelChanged);
        long audit = config.auditInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(reconciler::audit, audit, audit, TimeUnit.MILLISECONDS);
        config.routerFailover().ifPresent(grace -> {
            RouterFailoverTask failover = new RouterFailoverTask(agents, tenants, labels, grace, System::nanoTime);
            // Checked several times per heartbeat interval, so a move follows the grace by a fraction of one.
            long period = Math.max(100, config.heartbeatInterval().toMillis() / 4);
            housekeeping.scheduleWithFixedDelay(failover, period, period, TimeUnit.MILLISECONDS);
        });
        agentAddress = agentServer.start();
        openflowAddress = openflow.start();
        log.info("Sluice controller started: OpenFlow {}, agents {}", openflowAddress, agentAddress);
    }

    public InetSocketAddress openflowAddress() {
        return openflowAddress;
    }

    public InetSocketAddress agentAddress() {
        return agentAddress;
    }

    public SwitchRegistry switches() {
        return switches;
    }

    public AgentRegistry agents() {
        return agents;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public Snapshot snapshot() {
        return snapshot.get();
    }

    public TenantRepository tenants() {
        return tenants;
    }

    /** The L3 agents' routers: what was sent, and (with a listener) what they applied. */
    /** The operator's audit of store allocations, switches and router namespaces (reads only). */
    public Auditor auditor() {
        return new Auditor(tenants, reconciler, routerPlans, this::hostOf);
    }

    public RouterPlanPublisher routerPlans() {
        return routerPlans;
    }

    /**
     * Applies a change to the model and converges the switches it affects; once they have acknowledged,
     * ports whose flows are now everywhere they need to be turn ACTIVE (and those that lost them DOWN).
     */
    public void update(UnaryOperator<Snapshot> change) {
        Snapshot current = snapshot.updateAndGet(change);
        Snapshot last = lastUpdate.getAndSet(current);
        routerPlans.publish();
        // Most changes a port brings (its creation, its binding, its status) cannot move a flow: recompiling
        // every switch for them was most of the controller's work while ports came up.
        if (last != null && current.compilesAs(last)) {
            portStatuses.request();
            return;
        }
        // Also when no switch needed a run: a change (e.g. an unbinding) can decide statuses by itself.
        reconciler.modelChanged(compiler.switchesTouched(snapshot.get()))
                .whenComplete((done, failure) -> portStatuses.request());
    }

    /**
     * A new tenant model from the store. While an update waits on the housekeeping thread, newer models
     * replace the one it will apply: a burst of commits costs one recompile, not one per commit.
     */
    private void tenantModelChanged(TenantModel model) {
        if (pendingTenants.getAndSet(model) == null) {
            housekeeping.execute(() -> {
                TenantModel latest = pendingTenants.getAndSet(null);
                update(s -> placed(s.withTenants(latest)));
            });
        }
    }

    private Map<String, AgentInfo> hostsOfAgents() {
        return agents.agents().stream().collect(Collectors.toMap(a -> a.info().host(), AgentRecord::info));
    }

    /**
     * A switch counts as converged only when it acknowledged the desired state it holds now; a result of an
     * older desired state would turn a newly plugged port ACTIVE before its flows are in place.
     */
    private void publishPortStatuses() {
        try {
            Map<String, PortStatus> toWrite = portStatusTracker.toWrite(snapshot.get(), reconciler::atDesired,
                    reconciler.takeStateChanges());
            if (!toWrite.isEmpty()) {
                tenants.setPortStatuses(toWrite);
            }
        } catch (StoreUnavailableException e) {
            log.warn("could not publish port statuses, will retry: {}", e.toString());
            afterStoreRetryPause(portStatuses::request);
        } catch (RuntimeException e) {
            log.warn("could not publish port statuses: {}", e.toString());
        }
    }

    /** Puts the agents' hosts and usable VM ports, as the registry holds them now, into the snapshot. */
    private void takeAgentReports() {
        update(s -> {
            Map<String, AgentInfo> hosts = hostsOfAgents();
            // A VM plugged leaves the hosts as they were: the snapshot keeps its map, so what reads hosts (the
            // datapath index, the shared facts, the status tracker) finds it unchanged by identity.
            return placed(hosts.equals(s.hosts()) ? s : s.withHosts(hosts));
        });
    }

    /**
     * The snapshot with the agents' reports, as the registry holds them now, placed against its model: a port
     * plugged on two hosts (a live migration) follows its active binding ({@link PortPlacement}). Placed from the
     * last placement: again only the ports whose reports changed and those on two hosts, as a model change alone (a
     * port created, a status written) moves no report unless one is on two hosts.
     */
    private Snapshot placed(Snapshot s) {
        PortPlacement placement = lastPlacement.next(agents.usablePortsEverywhere(), s.tenants());
        lastPlacement = placement;
        return placement.placedIn(s);
    }

    /** Floating IPs whose mapping the router's host holds turn ACTIVE, the others DOWN. */
    private void publishFloatingIpStatuses() {
        try {
            tenants.setFloatingIpStatuses(FloatingIpStatusPolicy.statuses(snapshot.get().tenants(),
                    routerPlans.applied()));
        } catch (StoreUnavailableException e) {
            log.warn("could not publish floating IP statuses, will retry: {}", e.toString());
            afterStoreRetryPause(floatingIpStatuses::request);
        } catch (RuntimeException e) {
            log.warn("could not publish floating IP statuses: {}", e.toString());
        }
    }

    /**
     * Runs a write the store refused again after a pause, on the housekeeping thread: statuses and agent facts
     * are otherwise written only when they change, so a refused one would stay stale after the disk recovers.
     */
    private void afterStoreRetryPause(Runnable retry) {
        housekeeping.schedule(retry, STORE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The host a switch belongs to, if its agent has registered. */
    public Optional<String> hostOf(DatapathId dpid) {
        return hostsByDatapath.hostOf(snapshot.get(), dpid).map(AgentInfo::host);
    }

    /** Routers created while no L3 agent was alive go to the L3 agents as they come (Neutron's auto-schedule). */
    private void scheduleUnboundRouters() {
        List<String> l3Hosts = agents.agents().stream().filter(a -> a.info().l3() && agents.isAlive(a))
                .map(a -> a.info().host()).toList();
        RouterScheduler.placeUnbound(tenants.current(), l3Hosts).forEach((router, host) -> {
            try {
                tenants.mutate(state -> new RouterMove(router, null, host).changes(state, labels, tenants.now()));
            } catch (RuntimeException e) {
                log.warn("cannot schedule router {} to L3 agent {}: {}", router, host, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        openflow.close();
        agentServer.close();
        closeQuietly(tenantWatch);
        closeQuietly(tenants);
        closeQuietly(store);
        log.info("Sluice controller stopped");
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("closing {}: {}", resource, e.toString());
        }
    }
}
