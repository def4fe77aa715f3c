package io.sluice.controller.openflow;

import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;

/** What services hear about switches. Called on the switch's channel thread: do not block. */
public interface SwitchListener {
    default void switchConnected(SwitchSession session) {
    }

    default void switchDisconnected(SwitchSession session) {
    }

    default void portChanged(SwitchSession session, OFPortStatus status) {
    }

    default void packetIn(SwitchSession session, OFPacketIn packetIn) {
    }
}
