package io.sluice.controller.compile.l2;

import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.AllowedAddressPair;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The test topology: two hypervisors with VMs, a third with none; two projects, each with a VXLAN network
 * with the SAME CIDR 10.0.0.0/24 (red VNI 100 with DHCP, blue VNI 200 without).
 * <pre>
 *  hv1 (203.0.113.1, vxlan port 100)      hv2 (203.0.113.2, vxlan port 100)     hv3 (203.0.113.3)
 *   1 red-a  .11 +pair .100                 1 red-c  .13
 *   2 red-b  .12                            2 blue-b .12 (no port security)
 *   3 blue-a .11
 *  red-d .14 exists but is plugged nowhere.
 * </pre>
 */
public final class Lab {
    public static final int TUNNEL_PORT = 100;
    public static final DatapathId HV1 = DatapathId.of(1);
    public static final DatapathId HV2 = DatapathId.of(2);
    public static final DatapathId HV3 = DatapathId.of(3);

    public static final Network RED = network(1, "red", 100);
    public static final Network BLUE = network(2, "blue", 200);
    public static final Subnet RED_SUBNET = subnet(11, RED, true);
    public static final Subnet BLUE_SUBNET = subnet(12, BLUE, false);

    public static final Port RED_A = port(101, "red-a", RED, RED_SUBNET, "fa:16:3e:00:01:0a", "10.0.0.11", true,
            List.of(new AllowedAddressPair("10.0.0.100", null)));
    public static final Port RED_B = port(102, "red-b", RED, RED_SUBNET, "fa:16:3e:00:01:0b", "10.0.0.12", true, List.of());
    public static final Port RED_C = port(103, "red-c", RED, RED_SUBNET, "fa:16:3e:00:01:0c", "10.0.0.13", true, List.of());
    public static final Port RED_D = port(104, "red-d", RED, RED_SUBNET, "fa:16:3e:00:01:0d", "10.0.0.14", true, List.of());
    public static final Port BLUE_A = port(201, "blue-a", BLUE, BLUE_SUBNET, "fa:16:3e:00:02:0a", "10.0.0.11", true,
            List.of());
    public static final Port BLUE_B = port(202, "blue-b", BLUE, BLUE_SUBNET, "fa:16:3e:00:02:0b", "10.0.0.12", false,
            List.of());

    private Lab() {
    }

    public static Snapshot snapshot() {
        return new Snapshot(
                byKey(List.of(host("hv1", 1), host("hv2", 2), host("hv3", 3)), AgentInfo::host),
                byKey(List.of(plugged(RED_A, "hv1", 1), plugged(RED_B, "hv1", 2), plugged(BLUE_A, "hv1", 3),
                        plugged(RED_C, "hv2", 1), plugged(BLUE_B, "hv2", 2)), PortReport::portId),
                TenantModel.of(1, List.of(RED, BLUE), List.of(RED_SUBNET, BLUE_SUBNET),
                        List.of(RED_A, RED_B, RED_C, RED_D, BLUE_A, BLUE_B)),
                OperatorFlows.NONE);
    }

    /** The snapshot with a port added (or replaced) in the model and plugged on a host. */
    public static Snapshot plug(Snapshot snapshot, Port port, String host, int ofport) {
        return report(model(snapshot, port), plugged(port, host, ofport));
    }

    /** The snapshot with a port or network added to or replaced in the model. */
    public static Snapshot model(Snapshot snapshot, Object item) {
        TenantModel t = snapshot.tenants();
        Map<String, Network> networks = new HashMap<>(t.networks());
        Map<String, Port> ports = new HashMap<>(t.ports());
        Map<String, Subnet> subnets = new HashMap<>(t.subnets());
        if (item instanceof Port p) {
            ports.put(p.id(), p);
        } else if (item instanceof Network n) {
            networks.put(n.id(), n);
        } else if (item instanceof Subnet s) {
            subnets.put(s.id(), s);
        } else {
            throw new IllegalArgumentException("not a model item: " + item);
        }
        return snapshot.withTenants(new TenantModel(t.revision() + 1, networks, subnets, ports, t.routers(), t.floatingIps(),
                t.portForwardings(), t.routerHosts()));
    }

    public static Snapshot report(Snapshot snapshot, PortReport report) {
        Map<String, PortReport> reports = new HashMap<>(snapshot.ports());
        reports.put(report.portId(), report);
        return snapshot.withPorts(reports);
    }

    public static Snapshot host(Snapshot snapshot, AgentInfo host) {
        Map<String, AgentInfo> hosts = new HashMap<>(snapshot.hosts());
        hosts.put(host.host(), host);
        return snapshot.withHosts(hosts);
    }

    public static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    public static AgentInfo host(String name, int n) {
        return new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "203.0.113." + n, Map.of(),
                String.format("%016x", n), Map.of(SwitchView.VXLAN_PORT, TUNNEL_PORT), Map.of(), false);
    }

    public static PortReport plugged(Port port, String host, int ofport) {
        return new PortReport(port.id(), host, ofport, port.macAddress(), true);
    }

    public static Network network(int n, String project, int vni) {
        return new Network(id(n), project, project, true, false, false, NetworkType.VXLAN, vni, null, 1450, 1);
    }

    public static Subnet subnet(int n, Network network, boolean dhcp) {
        return new Subnet(id(n), network.projectId(), network.id(), network.name() + "-subnet", "10.0.0.0/24",
                "10.0.0.1", List.of(), dhcp, List.of(), List.of(), 1);
    }

    public static Port port(int n, String name, Network network, Subnet subnet, String mac, String ip, boolean security,
                     List<AllowedAddressPair> pairs) {
        return new Port(id(n), network.projectId(), network.id(), name, mac, List.of(new FixedIp(subnet.id(), ip)),
                "vm-" + name, "compute:nova", true, security, pairs, new PortBinding("", Map.of()), null, 1);
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, Function.identity()));
    }
}
