package io.sluice.dataplane.ovsdb;

import java.util.List;

/**
 * Receives a monitor's initial contents and then each {@code update} notification, in order, on the OVSDB
 * connection's event loop: implementations must not block.
 */
@FunctionalInterface
public interface MonitorListener {
    void onUpdates(List<RowUpdate> updates);
}
