package io.sluice.controller.openflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches connected now, by datapath id; only their sessions reach the listeners.
 *
 * <p>A second connection claiming a connected switch's datapath id is refused while the connected session
 * is alive, as ONOS refuses a duplicate dpid: a misconfigured or hostile peer cannot take a switch's place.
 * Liveness is asked, not assumed: the connected session gets a request it must answer within the probe
 * time. A switch whose old connection died unnoticed (half-open TCP) fails that probe and its new
 * connection takes over after it, instead of waiting out the dead-peer timeout.
 */
public final class SwitchRegistry implements SwitchListener {
    private static final Logger log = LoggerFactory.getLogger(SwitchRegistry.class);
    /**
     * The echo interval's 5 s: a switch busy applying a large bundle still answers in time (the probe
     * queues behind it), and a half-open switch is back in a third of the 15 s dead-peer timeout.
     */
    private static final Duration DEFAULT_LIVENESS_PROBE = Duration.ofSeconds(5);

    private final Map<DatapathId, SwitchSession> sessions = new ConcurrentHashMap<>();
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final Duration livenessProbe;

    public SwitchRegistry() {
        this(DEFAULT_LIVENESS_PROBE);
    }

    public SwitchRegistry(Duration livenessProbe) {
        this.livenessProbe = livenessProbe;
    }

    public void addListener(SwitchListener listener) {
        listeners.add(listener);
    }

    public Optional<SwitchSession> session(DatapathId dpid) {
        return Optional.ofNullable(sessions.get(dpid));
    }

    public List<SwitchSession> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public void switchConnected(SwitchSession session) {
        SwitchSession connected = sessions.get(session.dpid());
        if (connected == null || !connected.isActive()) {
            admit(session);
            return;
        }
        connected.stats(connected.factory().buildDescStatsRequest().setXid(connected.nextXid()).build(),
                        OFDescStatsReply.class)
                .orTimeout(livenessProbe.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, failure) -> session.execute(() -> {
                    if (failure == null) {
                        log.warn("refusing the connection from {} claiming datapath id {}: that switch is "
                                + "connected from {} and alive", session.remoteAddress(), session.dpid(),
                                connected.remoteAddress());
                        session.close();
                    } else {
                        log.warn("switch {} reconnected from {}; its session from {} did not answer within {}: "
                                + "replacing it", session.dpid(), session.remoteAddress(), connected.remoteAddress(),
                                livenessProbe);
                        admit(session);
                    }
                }));
    }

    private void admit(SwitchSession session) {
        if (!session.isActive()) {
            return;
        }
        SwitchSession previous = sessions.put(session.dpid(), session);
        if (previous != null && previous != session) {
            previous.close();
        }
        log.info("switch {} connected from {} with {} ports", session.dpid(), session.remoteAddress(),
                session.ports().size());
        session.closeFuture().thenRun(() -> {
            if (sessions.remove(session.dpid(), session)) {
                log.info("switch {} disconnected", session.dpid());
                listeners.forEach(l -> l.switchDisconnected(session));
            }
        });
        listeners.forEach(l -> l.switchConnected(session));
    }

    @Override
    public void portChanged(SwitchSession session, OFPortStatus status) {
        if (isAdmitted(session)) {
            listeners.forEach(l -> l.portChanged(session, status));
        }
    }

    @Override
    public void packetIn(SwitchSession session, OFPacketIn packetIn) {
        if (isAdmitted(session)) {
            listeners.forEach(l -> l.packetIn(session, packetIn));
        }
    }

    /** A connection still waiting on the probe, or refused, speaks for no switch. */
    private boolean isAdmitted(SwitchSession session) {
        return sessions.get(session.dpid()) == session;
    }
}
