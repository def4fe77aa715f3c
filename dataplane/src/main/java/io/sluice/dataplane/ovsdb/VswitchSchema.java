package io.sluice.dataplane.ovsdb;

/** Names from Open vSwitch's database schema (vswitch.ovsschema) that the agent reads and writes. */
public final class VswitchSchema {
    public static final String DB = "Open_vSwitch";
    /** The root table; it holds exactly one row once {@code ovs-vsctl init} has run. */
    public static final String ROOT = "Open_vSwitch";
    public static final String BRIDGE = "Bridge";
    public static final String PORT = "Port";
    public static final String INTERFACE = "Interface";
    public static final String CONTROLLER = "Controller";

    private VswitchSchema() {
    }
}
