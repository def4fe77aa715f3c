package io.sluice.controller.openflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches connected now, by datapath id. A switch that reconnects is recognised by its datapath id:
 * its new session replaces the old one, which is closed.
 */
public final class SwitchRegistry implements SwitchListener {
    private static final Logger log = LoggerFactory.getLogger(SwitchRegistry.class);

    private final Map<DatapathId, SwitchSession> sessions = new ConcurrentHashMap<>();
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();

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
        SwitchSession previous = sessions.put(session.dpid(), session);
        if (previous != null && previous != session) {
            log.info("switch {} reconnected from {}; closing its previous session", session.dpid(),
                    session.remoteAddress());
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
        listeners.forEach(l -> l.portChanged(session, status));
    }

    @Override
    public void packetIn(SwitchSession session, OFPacketIn packetIn) {
        listeners.forEach(l -> l.packetIn(session, packetIn));
    }
}
