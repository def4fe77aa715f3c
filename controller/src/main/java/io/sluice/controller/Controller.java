package io.sluice.controller;

import io.sluice.controller.agents.AgentRecord;
import io.sluice.controller.agents.AgentRegistry;
import io.sluice.controller.agents.AgentServer;
import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.openflow.OpenFlowServer;
import io.sluice.controller.openflow.SwitchRegistry;
import io.sluice.controller.reconcile.Reconciler;
import io.sluice.models.agent.AgentInfo;
import java.net.InetSocketAddress;
import java.time.Clock;
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

    private final ControllerConfig config;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(Snapshot.EMPTY);
    private final DesiredStateCompiler compiler = DesiredStateCompiler.standard();
    private final SwitchRegistry switches = new SwitchRegistry();
    private final AgentRegistry agents;
    private final Reconciler reconciler;
    private final OpenFlowServer openflow;
    private final AgentServer agentServer;
    /** One thread for model changes and audits, so compiles never run concurrently with each other. */
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private InetSocketAddress openflowAddress;
    private InetSocketAddress agentAddress;

    public Controller(ControllerConfig config) {
        this.config = config;
        this.agents = new AgentRegistry(config.heartbeatInterval(), config.agentDownTime(), Clock.systemUTC(),
                System::nanoTime);
        this.reconciler = new Reconciler(dpid -> compiler.compile(snapshot.get(), dpid),
                dpid -> snapshot.get().hostOf(dpid).isPresent(), config.bundleLimit());
        this.openflow = new OpenFlowServer(config.openflow(), switches);
        this.agentServer = new AgentServer(config.agentListen(), agents);
        switches.addListener(reconciler);
        agents.addListener(this::agentRegistered);
    }

    public void start() throws InterruptedException {
        config.operatorFlows().ifPresent(file -> {
            OperatorFlowsWatcher watcher = new OperatorFlowsWatcher(file,
                    flows -> update(s -> s.withOperatorFlows(flows)));
            watcher.run();
            housekeeping.scheduleWithFixedDelay(watcher, 500, 500, TimeUnit.MILLISECONDS);
        });
        long audit = config.auditInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(reconciler::audit, audit, audit, TimeUnit.MILLISECONDS);
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

    /** Applies a change to the model and converges the switches it affects. */
    public void update(UnaryOperator<Snapshot> change) {
        snapshot.updateAndGet(change);
        reconciler.modelChanged();
    }

    private void agentRegistered(AgentInfo info) {
        housekeeping.execute(() -> update(s -> s.withHosts(agents.agents().stream()
                .collect(Collectors.toMap(a -> a.info().host(), AgentRecord::info)))));
    }

    /** The host a switch belongs to, if its agent has registered. */
    public Optional<String> hostOf(DatapathId dpid) {
        return snapshot.get().hostOf(dpid).map(AgentInfo::host);
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        openflow.close();
        agentServer.close();
        log.info("Sluice controller stopped");
    }
}
