package io.sluice.northbound;

import io.sluice.controller.Controller;
import io.sluice.controller.ControllerConfig;
import io.sluice.controller.openflow.OpenFlowConfig;
import io.sluice.models.agent.AgentChannel;
import io.sluice.models.ipam.PhysicalNetwork;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.ValidationException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice controller}: runs the controller with its northbound API until stopped. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the Sluice controller: OpenFlow channel, agent channel and northbound API.")
final class ControllerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ControllerCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--openflow-listen", paramLabel = "HOST:PORT", description = "OpenFlow listen address (default: ${DEFAULT-VALUE})",
            defaultValue = "0.0.0.0:6653", converter = Addresses.class)
    InetSocketAddress openflowListen;

    @Option(names = "--agent-listen", paramLabel = "HOST:PORT", description = "agent channel listen address (default: ${DEFAULT-VALUE})",
            defaultValue = "0.0.0.0:" + AgentChannel.DEFAULT_PORT, converter = Addresses.class)
    InetSocketAddress agentListen;

    @Option(names = "--api-listen", paramLabel = "HOST:PORT", description = "northbound API listen address (default: ${DEFAULT-VALUE})",
            defaultValue = "0.0.0.0:9696", converter = Addresses.class)
    InetSocketAddress apiListen;

    @Option(names = "--keystone-listen", paramLabel = "HOST:PORT", description = "identity service listen address (default: ${DEFAULT-VALUE})",
            defaultValue = "0.0.0.0:5000", converter = Addresses.class)
    InetSocketAddress keystoneListen;

    @Option(names = "--public-host", description = "host name or address clients reach the APIs at; published in the service catalog (default: ${DEFAULT-VALUE})",
            defaultValue = "127.0.0.1")
    String publicHost;

    @Option(names = "--state-dir", description = "where Sluice keeps its state: store, identity, admin-openrc (default: ${DEFAULT-VALUE})",
            defaultValue = "/var/lib/sluice")
    Path stateDir;

    @Option(names = "--datapath-type", description = "the hypervisors' OVS datapath type, reported to Nova in binding:vif_details (default: ${DEFAULT-VALUE})",
            defaultValue = "system")
    String datapathType;

    @Option(names = "--vni-range", paramLabel = "MIN:MAX", description = "VXLAN VNIs for tenant networks (default: ${DEFAULT-VALUE})",
            defaultValue = "1000:1999999")
    String vniRange;

    @Option(names = "--underlay-mtu", description = "MTU of the underlay; VXLAN networks get 50 less (default: ${DEFAULT-VALUE})",
            defaultValue = "1500")
    int underlayMtu;

    @Option(names = "--physical-networks", paramLabel = "NAME[:FIRST:LAST]", split = ",",
            description = "physical networks for flat and VLAN provider networks, as Neutron's network_vlan_ranges: "
                    + "each takes one flat network and any VLAN id; FIRST:LAST are the VLAN ids handed to VLAN "
                    + "networks created without one, e.g. physnet1:100:199,physnet2 (default: none)")
    List<String> physicalNetworks = List.of();

    @Option(names = "--physical-mtu", description = "MTU of the physical networks, which flat and VLAN networks get (default: ${DEFAULT-VALUE})",
            defaultValue = "1500")
    int physicalMtu;

    @Option(names = "--tenant-network-type", paramLabel = "vxlan|mpls", converter = TenantNetworkTypes.class,
            description = "type of the networks created without provider:network_type (default: ${DEFAULT-VALUE})",
            defaultValue = "vxlan")
    NetworkType tenantNetworkType;

    @Option(names = "--mpls-encapsulation", paramLabel = "gre|vxlan", converter = MplsEncapsulations.class,
            description = "how MPLS networks cross the underlay: MPLS over GRE without Ethernet (28 bytes) or "
                    + "inside Ethernet-in-VXLAN (54 bytes) (default: ${DEFAULT-VALUE})", defaultValue = "gre")
    MplsEncapsulation mplsEncapsulation;

    @Option(names = "--mpls-label-quarantine", description = "how long a released MPLS label is kept from reuse "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "PT60S")
    Duration labelQuarantine;

    @Option(names = "--token-ttl", description = "lifetime of identity tokens (default: ${DEFAULT-VALUE})", defaultValue = "PT1H")
    Duration tokenTtl;

    @Option(names = "--echo-interval", description = "OpenFlow echo interval (default: ${DEFAULT-VALUE})", defaultValue = "PT5S")
    Duration echoInterval;

    @Option(names = "--dead-timeout", description = "silence before a switch is declared dead (default: ${DEFAULT-VALUE})", defaultValue = "PT15S")
    Duration deadTimeout;

    @Option(names = "--heartbeat-interval", description = "agent heartbeat interval (default: ${DEFAULT-VALUE})", defaultValue = "PT2S")
    Duration heartbeatInterval;

    @Option(names = "--agent-down-time", description = "silence before an agent is shown dead (default: ${DEFAULT-VALUE})", defaultValue = "PT6S")
    Duration agentDownTime;

    @Option(names = "--router-failover", negatable = true, defaultValue = "true", fallbackValue = "true",
            arity = "0..1", description = "move the routers of a dead L3 agent to alive ones, as Neutron's "
            + "allow_automatic_l3agent_failover (default: ${DEFAULT-VALUE}); --no-router-failover or =false turns it off")
    boolean routerFailover;

    @Option(names = "--router-failover-grace", description = "how long a dead L3 agent must have been silent before "
            + "its routers move; at least --agent-down-time (default: the agent down time)")
    Duration routerFailoverGrace;

    @Option(names = "--operator-flows", paramLabel = "FILE", description = "JSON file of hand-configured flows, reloaded on change")
    Path operatorFlows;

    @Option(names = "--audit-interval", description = "how often every switch is re-read to repair drift (default: ${DEFAULT-VALUE})", defaultValue = "PT60S")
    Duration auditInterval;

    @Option(names = "--bundle-limit", description = "flow changes up to this many are applied atomically in one bundle (default: ${DEFAULT-VALUE})", defaultValue = "5000")
    int bundleLimit;

    @Override
    public Integer call() throws Exception {
        OpenFlowConfig openflow = OpenFlowConfig.defaults().withListen(openflowListen)
                .withKeepalive(echoInterval, deadTimeout);
        ControllerConfig config;
        try {
            config = new ControllerConfig(openflow, agentListen, heartbeatInterval, agentDownTime,
                    Optional.ofNullable(operatorFlows), auditInterval, bundleLimit, stateDir, mplsEncapsulation,
                    routerFailover(), labelQuarantine);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String[] vnis = vniRange.split(":", 2);
        if (vnis.length != 2) {
            throw new ParameterException(spec.commandLine(), "--vni-range must be MIN:MAX, got " + vniRange);
        }
        NorthboundConfig northbound = new NorthboundConfig(apiListen, keystoneListen, publicHost, stateDir, tokenTtl,
                datapathType, Integer.parseInt(vnis[0]), Integer.parseInt(vnis[1]), underlayMtu,
                physicalNetworks(), physicalMtu, tenantNetworkType, mplsEncapsulation, labelQuarantine);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Controller controller = new Controller(config); Northbound services = new Northbound()) {
            controller.start();
            services.start(controller, northbound);
            log.info("network API on http://{}:{}/, identity on http://{}:{}/v3", publicHost,
                    services.apiAddress().getPort(), publicHost, services.keystoneAddress().getPort());
            services.generatedAdmin().ifPresent(admin -> log.info(
                    "first start: generated admin credentials (user {}, project {}) in {}", admin.userName(),
                    admin.projectName(), admin.openrc()));
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "sluice-shutdown"));
            stopped.await();
        }
        return 0;
    }

    /** vxlan or mpls, Neutron's wire names; flat and VLAN networks are the admin's to create. */
    static final class TenantNetworkTypes implements ITypeConverter<NetworkType> {
        @Override
        public NetworkType convert(String value) {
            return NetworkType.byWireName(value).filter(NetworkType::isOverlay)
                    .orElseThrow(() -> new TypeConversionException("expected vxlan or mpls, got '" + value + "'"));
        }
    }

    static final class MplsEncapsulations implements ITypeConverter<MplsEncapsulation> {
        @Override
        public MplsEncapsulation convert(String value) {
            return Arrays.stream(MplsEncapsulation.values()).filter(e -> e.name().equalsIgnoreCase(value))
                    .findFirst().orElseThrow(() -> new TypeConversionException("expected gre or vxlan, got '"
                            + value + "'"));
        }
    }

    /** The failover grace, or empty when failover is off. */
    Optional<Duration> routerFailover() {
        return routerFailover ? Optional.of(routerFailoverGrace == null ? agentDownTime : routerFailoverGrace)
                : Optional.empty();
    }

    private List<PhysicalNetwork> physicalNetworks() {
        try {
            return physicalNetworks.stream().map(PhysicalNetwork::parse).toList();
        } catch (ValidationException e) {
            throw new ParameterException(spec.commandLine(), "--physical-networks: " + e.getMessage());
        }
    }
}
