package io.sluice.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * The emulated switch fleet, a process of its own: {@code H} hypervisors and {@code N} network nodes
 * ({@link FleetHost}), each an OpenFlow 1.3 br-int on its own TCP connection to the controller and a node
 * agent on the agent channel; a network node's agent is also an L3 agent that plugs its routers' legs.
 * Driven over stdin, one JSON command a line; each answer is one line on stdout starting with
 * {@value #ANSWER}. Commands:
 * <ul>
 *   <li>{@code {"cmd":"plug","ports":[[host,port_id,mac],...]}}: plug VMs; answers {@code {"ofports":[...]}}.
 *   <li>{@code {"cmd":"unplug","ports":[[host,port_id],...]}}
 *   <li>{@code {"cmd":"status"}}: fleet totals (connections, agents registered, flows held, what was sent).
 *   <li>{@code {"cmd":"switches"}}: every switch's counters ({@link FleetHost.SwitchReport}).
 *   <li>{@code {"cmd":"drop"}}: drop every OpenFlow connection at once (a reconnect storm).
 *   <li>{@code {"cmd":"quit"}}
 * </ul>
 * Usage: {@code SwitchFleet --openflow HOST:PORT --agent HOST:PORT --hypervisors H [--network-nodes N]
 * [--threads T] [--plugged FILE]}; FILE holds VMs plugged before the fleet connects (lines {@code host port_id mac}), as a
 * cloud's hypervisors hold their VMs when the switches come up.
 */
public final class SwitchFleet {
    static final String ANSWER = "fleet ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FleetHost> hosts = new LinkedHashMap<>();
    private final FleetHost.FleetStats stats = new FleetHost.FleetStats();
    private final EventLoopGroup loops;

    private SwitchFleet(int hypervisors, int networkNodes, int threads, InetSocketAddress openflow,
                        InetSocketAddress agents) {
        loops = new NioEventLoopGroup(threads);
        for (int i = 1; i <= hypervisors; i++) {
            add(FleetHost.hypervisor(i, loops, openflow, agents, JSON, stats, SwitchFleet::epochMicros));
        }
        for (int i = 1; i <= networkNodes; i++) {
            add(FleetHost.networkNode(i, loops, openflow, agents, JSON, stats, SwitchFleet::epochMicros));
        }
    }

    private void add(FleetHost host) {
        hosts.put(host.name(), host);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        SwitchFleet fleet = new SwitchFleet(Integer.parseInt(required(options, "--hypervisors")),
                Integer.parseInt(options.getOrDefault("--network-nodes", "0")),
                Integer.parseInt(options.getOrDefault("--threads", "2")), address(required(options, "--openflow")),
                address(required(options, "--agent")));
        if (options.containsKey("--plugged")) {
            fleet.plugFrom(Path.of(options.get("--plugged")));
        }
        fleet.hosts.values().forEach(FleetHost::start);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(ANSWER + JSON.writeValueAsString(Map.of("started", fleet.hosts.size())));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode command = JSON.readTree(line);
                if ("quit".equals(command.path("cmd").asText())) {
                    break;
                }
                Object answer;
                try {
                    answer = fleet.answer(command);
                } catch (RuntimeException e) {
                    answer = Map.of("error", e.toString());
                }
                out.println(ANSWER + JSON.writeValueAsString(answer));
            }
        }
        fleet.hosts.values().forEach(FleetHost::close);
        fleet.loops.shutdownGracefully();
        System.exit(0);
    }

    private Object answer(JsonNode command) {
        return switch (command.path("cmd").asText()) {
            case "plug" -> plug(command.path("ports"));
            case "unplug" -> unplug(command.path("ports"));
            case "status" -> status();
            case "switches" -> reports();
            case "activity" -> Map.of("activity", stats.activity.get());
            case "drop" -> {
                hosts.values().forEach(FleetHost::dropConnection);
                yield Map.of("dropped", hosts.size(), "at_us", epochMicros());
            }
            default -> Map.of("error", "unknown command " + command);
        };
    }

    private Object plug(JsonNode ports) {
        ArrayNode ofports = JSON.createArrayNode();
        Set<FleetHost> touched = new HashSet<>();
        for (JsonNode port : ports) {
            FleetHost host = host(port.get(0).asText());
            ofports.add(host.plug(port.get(1).asText(), MacAddress.of(port.get(2).asText())));
            touched.add(host);
        }
        touched.forEach(FleetHost::reportPorts);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("ofports", ofports);
        answer.put("at_us", epochMicros());
        return answer;
    }

    private Object unplug(JsonNode ports) {
        Set<FleetHost> touched = new HashSet<>();
        for (JsonNode port : ports) {
            FleetHost host = host(port.get(0).asText());
            host.unplug(port.get(1).asText());
            touched.add(host);
        }
        touched.forEach(FleetHost::reportPorts);
        return Map.of("unplugged", ports.size());
    }

    private void plugFrom(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) {
                host(parts[0]).plug(parts[1], MacAddress.of(parts[2]));
            }
        }
    }

    private Map<String, Object> status() {
        List<FleetHost.SwitchReport> reports = reports();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("switches", hosts.size());
        status.put("connected", reports.stream().filter(FleetHost.SwitchReport::connected).count());
        status.put("agents_registered", hosts.values().stream().filter(FleetHost::agentRegistered).count());
        status.put("flows", reports.stream().mapToLong(FleetHost.SwitchReport::flows).sum());
        status.put("groups", reports.stream().mapToLong(FleetHost.SwitchReport::groups).sum());
        status.put("meters", reports.stream().mapToLong(FleetHost.SwitchReport::meters).sum());
        status.put("flow_mods", reports.stream().mapToLong(FleetHost.SwitchReport::flowMods).sum());
        status.put("group_mods", reports.stream().mapToLong(FleetHost.SwitchReport::groupMods).sum());
        status.put("meter_mods", reports.stream().mapToLong(FleetHost.SwitchReport::meterMods).sum());
        status.put("errors_sent", reports.stream().mapToLong(FleetHost.SwitchReport::errorsSent).sum());
        status.put("bundles_refused", reports.stream().mapToLong(FleetHost.SwitchReport::bundlesRefused).sum());
        status.put("last_change_us", reports.stream().mapToLong(FleetHost.SwitchReport::lastChangeMicros).max()
                .orElse(0));
        status.put("masterships", stats.masterships.get());
        status.put("dropped_by_fleet", stats.droppedByFleet.get());
        status.put("dropped_by_controller", stats.droppedByController.get());
        status.put("connection_errors", stats.connectionErrors.get());
        status.put("at_us", epochMicros());
        return status;
    }

    private List<FleetHost.SwitchReport> reports() {
        List<CompletableFuture<FleetHost.SwitchReport>> pending = new ArrayList<>();
        hosts.values().forEach(h -> pending.add(h.report()));
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private FleetHost host(String name) {
        FleetHost host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no hypervisor " + name + " in the fleet");
        }
        return host;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
