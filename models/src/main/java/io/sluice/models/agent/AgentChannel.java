package io.sluice.models.agent;

/**
 * The agent-to-controller channel: JSON-RPC 1.0 objects sent back to back over TCP, the framing OVSDB
 * (RFC 7047) uses, so both ends reuse one codec. The agent connects and keeps reconnecting.
 *
 * <ul>
 *   <li>{@code register} (request, params {@code [AgentInfo]}): result {@link RegisterReply}; sent first on
 *       every connection, and again whenever the agent's facts change (e.g. br-int's datapath id).</li>
 *   <li>{@code heartbeat} (notification, id null, params {@code [Heartbeat]}): every heartbeat interval.</li>
 *   <li>{@code port_update} (notification, params {@code [PortReport...]}): VM ports appearing, changing or
 *       going on br-int; after every (re)registration the agent sends all its ports once, so the
 *       controller's view is rebuilt after either side restarts.</li>
 *   <li>{@code router_update} (notification, controller to agent, params {@code [RouterPlan...]}): every
 *       router the agent's host must hold, the whole set each time; sent after every registration of an L3
 *       host and whenever that set changes. Routers not in it are removed.</li>
 *   <li>{@code routers_applied} (notification, agent to controller, params {@code [RouterPlan...]}): the plans
 *       the agent's namespaces now hold, after each convergence; floating IPs in them turn ACTIVE.</li>
 *   <li>{@code echo} (request either way, params echoed back): liveness of the TCP connection itself.</li>
 * </ul>
 */
public final class AgentChannel {
    /** Default TCP port of the controller's agent channel. */
    public static final int DEFAULT_PORT = 6670;
    public static final String REGISTER = "register";
    public static final String HEARTBEAT = "heartbeat";
    public static final String ECHO = "echo";
    public static final String PORT_UPDATE = "port_update";
    public static final String ROUTER_UPDATE = "router_update";
    public static final String ROUTERS_APPLIED = "routers_applied";

    private AgentChannel() {
    }
}
