package io.sluice.controller.sim;

import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A random cloud from a seed: 2 to 4 hypervisors that all tunnel (VXLAN and mplsogre ports), 2 or 3
 * projects, each with networks of the given types whose subnets' CIDRs overlap across projects (mostly
 * 10.0.0.0/24, else 10.0.1.0/24; addresses from eight, so the same address is often in several networks), and ports
 * spread over the hosts, several on one host. Some ports are admin-down, some unplugged or reported gone,
 * some without port security; now and then a whole network is admin-down. MPLS ports hold a label bound to
 * their host; MPLS networks take their number from the VNI pool.
 *
 * <p>What is placed is worked out here from the rules in docs/pipeline.md, not by the compilers' code: the
 * properties compare the compilers against this independent account.
 */
final class GeneratedCloud {
    static final int VXLAN_OFPORT = 65000;
    static final int MPLSOGRE_OFPORT = 65001;
    private static final String[] CIDR_PREFIXES = {"10.0.0.", "10.0.1."};

    /** A port of the model and where the agents say it is. */
    record Vm(Port port, Network network, String host, int ofport, boolean placed) {
        String mac() {
            return port.macAddress();
        }

        String ip() {
            return port.fixedIps().get(0).ipAddress();
        }

        String where() {
            return host + ":" + ofport;
        }

        @Override
        public String toString() {
            return port.name() + "(" + network.name() + " " + network.type().wireName() + ", " + ip() + ", " + mac()
                    + (port.binding().mplsLabel() == null ? "" : ", label " + port.binding().mplsLabel()) + ", "
                    + (host == null ? "unplugged" : where() + (placed ? "" : " not placed"))
                    + (port.portSecurityEnabled() ? "" : ", no port security") + ")";
        }
    }

    private final long seed;
    private final Random random;
    private final Map<String, AgentInfo> hosts = new LinkedHashMap<>();
    private final List<Network> networks = new ArrayList<>();
    private final List<Subnet> subnets = new ArrayList<>();
    private final List<Vm> vms = new ArrayList<>();
    private final Map<String, PortReport> reports = new HashMap<>();
    private final Map<String, Integer> nextOfport = new HashMap<>();
    private int nextId = 1;
    private int nextSegment = 1000;
    private int nextLabel = PortBinding.MIN_MPLS_LABEL;

    private GeneratedCloud(long seed, List<NetworkType> types) {
        this.seed = seed;
        this.random = new Random(seed);
        int hostCount = 2 + random.nextInt(3);
        for (int h = 1; h <= hostCount; h++) {
            hosts.put("hv" + h, host(h));
        }
        int projects = 2 + random.nextInt(2);
        for (int p = 1; p <= projects; p++) {
            int networksOfProject = 1 + random.nextInt(2);
            for (int n = 0; n < networksOfProject; n++) {
                addNetwork("p" + p, types.get(random.nextInt(types.size())));
            }
        }
    }

    /** Host hvN: tunnel IP 100.64.0.N, datapath id N, a VXLAN and an mplsogre port. */
    static AgentInfo host(int n) {
        return new AgentInfo("hv" + n, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0." + n,
                Map.of(), String.format("%016x", n), Map.of(Fabric.VXLAN, VXLAN_OFPORT, Fabric.MPLSOGRE,
                MPLSOGRE_OFPORT), Map.of(), false);
    }

    static GeneratedCloud generate(long seed, List<NetworkType> types) {
        return new GeneratedCloud(seed, types);
    }

    Snapshot snapshot() {
        return new Snapshot(hosts, reports, TenantModel.of(1, networks, subnets,
                vms.stream().map(Vm::port).toList()), OperatorFlows.NONE);
    }

    List<Vm> vms() {
        return List.copyOf(vms);
    }

    List<Vm> placed() {
        return vms.stream().filter(Vm::placed).toList();
    }

    /** Every address some port of the cloud holds, each network's gateway address, and one nobody holds. */
    Set<String> addresses() {
        Set<String> addresses = new TreeSet<>();
        vms.forEach(vm -> addresses.add(vm.ip()));
        subnets.forEach(s -> addresses.add(s.gatewayIp()));
        addresses.add("10.0.0.250");
        return addresses;
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + hosts.keySet() + "\n  " + vms.stream().map(Vm::toString)
                .collect(Collectors.joining("\n  "));
    }

    private void addNetwork(String project, NetworkType type) {
        int n = nextId++;
        boolean up = random.nextInt(8) > 0;
        Network network = new Network(id(n), project, project + "-net" + n, up, false, false, type, nextSegment++,
                null, type == NetworkType.MPLS ? 1472 : 1450, 1);
        String prefix = CIDR_PREFIXES[random.nextInt(4) == 0 ? 1 : 0];
        Subnet subnet = new Subnet(id(nextId++), project, network.id(), network.name() + "-sub", prefix + "0/24",
                prefix + "1", List.of(), random.nextBoolean(), List.of(), List.of(), 1);
        networks.add(network);
        subnets.add(subnet);
        int ports = 2 + random.nextInt(4);
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < ports; i++) {
            String ip = prefix + (2 + random.nextInt(8));
            if (taken.add(ip)) {
                addPort(network, subnet, ip);
            }
        }
    }

    private void addPort(Network network, Subnet subnet, String ip) {
        int n = nextId++;
        String mac = String.format("fa:16:3e:%02x:%02x:%02x", n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF);
        boolean up = random.nextInt(8) > 0;
        int plugging = random.nextInt(10); // 0: never plugged, 1: reported gone, else present
        String host = plugging == 0 ? null : "hv" + (1 + random.nextInt(hosts.size()));
        Integer label = null;
        if (host != null && network.type() == NetworkType.MPLS) {
            nextLabel += 1 + random.nextInt(50); // labels are global, with gaps as released ones leave
            label = nextLabel;
        }
        PortBinding binding = host == null ? PortBinding.UNBOUND : new PortBinding(host, Map.of(), label);
        Port port = new Port(id(n), network.projectId(), network.id(), "vm" + n, mac,
                List.of(new FixedIp(subnet.id(), ip)), "vm" + n, "compute:nova", up, random.nextInt(5) > 0,
                List.of(), binding, null, 1);
        int ofport = 0;
        if (host != null) {
            ofport = nextOfport.merge(host, 1, Integer::sum);
            reports.put(port.id(), new PortReport(port.id(), host, ofport, mac, plugging != 1));
        }
        boolean placed = host != null && plugging != 1 && up && network.adminStateUp();
        vms.add(new Vm(port, network, host, ofport, placed));
    }

    private static String id(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }
}
