package io.sluice.northbound;

import io.sluice.dataplane.agent.NodeAgent;
import io.sluice.dataplane.agent.NodeAgentConfig;
import io.sluice.models.agent.AgentChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sluice agent}: runs the node agent of one hypervisor or network node until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the Sluice node agent: drives the local OVS through OVSDB and reports to the controller.")
final class AgentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--ovsdb", paramLabel = "SOCKET", description = "the local ovsdb-server's unix socket (default: ${DEFAULT-VALUE})",
            defaultValue = "/run/openvswitch/db.sock")
    Path ovsdb;

    @Option(names = "--controller", paramLabel = "HOST", required = true, description = "the controller's address")
    String controller;

    @Option(names = "--openflow-port", description = "the controller's OpenFlow port (default: ${DEFAULT-VALUE})",
            defaultValue = "" + NodeAgentConfig.DEFAULT_OPENFLOW_PORT)
    int openflowPort;

    @Option(names = "--agent-port", description = "the controller's agent channel port (default: ${DEFAULT-VALUE})",
            defaultValue = "" + AgentChannel.DEFAULT_PORT)
    int agentPort;

    @Option(names = "--datapath-type", description = "br-int datapath type: system, or netdev without the kernel module (default: ${DEFAULT-VALUE})",
            defaultValue = NodeAgentConfig.DEFAULT_DATAPATH_TYPE)
    String datapathType;

    @Option(names = "--vxlan-port", description = "UDP port of VXLAN between hosts, the same on every host: 4789, or 8472 as older Linux uses (default: ${DEFAULT-VALUE})",
            defaultValue = "" + NodeAgentConfig.DEFAULT_VXLAN_PORT)
    int vxlanPort;

    @Option(names = "--tunnel-ip", description = "this host's tunnel endpoint address")
    String tunnelIp;

    @Option(names = {"--bridge-mappings", "--bridge-mapping"}, paramLabel = "PHYSNET:BRIDGE", split = ",",
            description = "physical networks' bridges, as Neutron's bridge_mappings, e.g. physnet1:br-ex; the agent "
                    + "creates a missing bridge (standalone, br-int's datapath type) and patches it to br-int; the "
                    + "operator adds the uplink NIC to it; repeatable or comma-separated")
    List<String> bridgeMappings = List.of();

    @Option(names = "--l3", description = "this host is a network node: it holds routers in namespaces (qrouter-ID)")
    boolean l3;

    @Option(names = "--l3-audit-seconds", description = "how often a network node reads its router namespaces again and repairs drift (default: ${DEFAULT-VALUE})",
            defaultValue = "60")
    long l3AuditSeconds;

    @Option(names = "--router-namespace-prefix", defaultValue = NodeAgentConfig.DEFAULT_ROUTER_NAMESPACE_PREFIX,
            description = "prefix of router namespaces (default: ${DEFAULT-VALUE}); network nodes sharing one kernel, "
                    + "as in a test bed, need one each")
    String routerNamespacePrefix;

    @Option(names = "--host", description = "host name to register under (default: OVS system-id, else the kernel's)")
    String host;

    @Override
    public Integer call() throws Exception {
        NodeAgentConfig config = new NodeAgentConfig(ovsdb, controller, openflowPort, agentPort, datapathType,
                tunnelIp, mappings(), host, vxlanPort, l3, Duration.ofSeconds(l3AuditSeconds), routerNamespacePrefix);
        CountDownLatch stopped = new CountDownLatch(1);
        try (NodeAgent agent = new NodeAgent(config)) {
            agent.start().whenComplete((info, failure) -> {
                if (failure == null) {
                    log.info("agent ready: {}", info);
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sluice-agent-shutdown"));
            stopped.await();
        }
        return 0;
    }

    private Map<String, String> mappings() {
        Map<String, String> mappings = new LinkedHashMap<>();
        for (String mapping : bridgeMappings) {
            String[] parts = mapping.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new ParameterException(spec.commandLine(), "--bridge-mapping must be PHYSNET:BRIDGE, got " + mapping);
            }
            mappings.put(parts[0], parts[1]);
        }
        return mappings;
    }
}
