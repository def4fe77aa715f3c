package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The emulated switch fleet ({@code io.sluice.bench.scale.SwitchFleet}) as a child process, driven over its
 * stdin and stdout one JSON line at a time. Lines that are not answers (its log) go to {@code fleet.log}.
 */
final class FleetProcess implements AutoCloseable {
    private static final String ANSWER = "fleet ";

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final Writer log;
    private final long startedNanos;

    private FleetProcess(Process process, Writer log, long startedNanos) {
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code hypervisors} emulated hypervisors and {@code networkNodes} network nodes against the
     * controller; {@code plugged}, if given, lists VMs
     * (host, port id, MAC) already plugged when they connect. Returns once the fleet has started them.
     */
    static FleetProcess start(Path classpath, Path work, ScaleController controller, int hypervisors, int networkNodes,
                              int threads,
                              String heap, Path plugged) throws IOException {
        List<String> command = new ArrayList<>(List.of(BenchCluster.java(), "-Xmx" + heap));
        command.addAll(BenchCluster.javaOpts("BENCH_FLEET_JAVA_OPTS"));
        command.addAll(List.of("-cp", classpath.toString(), "io.sluice.bench.scale.SwitchFleet",
                "--openflow", controller.openflowAddress(), "--agent", controller.agentAddress(),
                "--hypervisors", String.valueOf(hypervisors), "--network-nodes", String.valueOf(networkNodes), "--threads", String.valueOf(threads)));
        if (plugged != null) {
            command.addAll(List.of("--plugged", plugged.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
                work.resolve("fleet.log").toFile()));
        builder.environment().put("SLUICE_LOG_LEVEL", "WARN");
        long started = System.nanoTime();
        FleetProcess fleet = new FleetProcess(builder.start(), Files.newBufferedWriter(work.resolve("fleet.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), started);
        fleet.read();
        return fleet;
    }

    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    /** Sends one command and returns its answer. */
    synchronized JsonNode call(Map<String, Object> command) throws IOException {
        commands.println(NeutronClient.write(command));
        return read();
    }

    JsonNode status() throws IOException {
        return call(Map.of("cmd", "status"));
    }

    /** Every switch's mods received and changes acknowledged, summed: cheap to poll, unlike the switches' figures. */
    long activity() throws IOException {
        return call(Map.of("cmd", "activity")).path("activity").asLong();
    }

    JsonNode switches() throws IOException {
        return call(Map.of("cmd", "switches"));
    }

    private JsonNode read() throws IOException {
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(ANSWER)) {
                JsonNode answer = NeutronClient.JSON.readTree(line.substring(ANSWER.length()));
                if (answer.has("error")) {
                    throw new IllegalStateException("fleet: " + answer.get("error").asText());
                }
                return answer;
            }
            log.write(line + "\n");
            log.flush();
        }
        throw new IllegalStateException("the fleet exited (see fleet.log)");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            commands.println("{\"cmd\":\"quit\"}");
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        log.close();
    }
}
