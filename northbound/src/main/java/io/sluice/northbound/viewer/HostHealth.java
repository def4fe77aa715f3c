package io.sluice.northbound.viewer;

/** A host as the viewer shows it: its node agent's type and whether the agent is alive and connected. */
record HostHealth(String host, String agentType, boolean l3, boolean alive, boolean connected) {
}
