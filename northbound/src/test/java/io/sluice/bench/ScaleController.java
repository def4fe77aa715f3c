package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller for the scale benchmark: one process on loopback, on ports the OS chose free, with its state
 * directory kept across restarts; started, killed and started again on the same state; its heap read after a
 * full GC through {@code jcmd}. Its log is appended to across restarts.
 */
final class ScaleController implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Path jar;
    private final Path work;
    private final String heap;
    private final List<String> extraArgs;
    private final int openflowPort = freePort();
    private final int agentPort = freePort();
    private final int apiPort = freePort();
    private final int keystonePort = freePort();
    private final BenchIdentity identity;
    private Process process;

    ScaleController(Path jar, Path work, String heap, List<String> extraArgs) throws IOException {
        this.jar = jar;
        this.work = work;
        this.heap = heap;
        this.extraArgs = List.copyOf(extraArgs);
        Files.createDirectories(state());
        this.identity = BenchIdentity.write(state());
        // The model-change compile time is logged at DEBUG by the Reconciler; everything else at INFO.
        Files.writeString(work.resolve("logback-controller.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="io.sluice.controller.reconcile.Reconciler" level="DEBUG"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    String openflowAddress() {
        return "127.0.0.1:" + openflowPort;
    }

    String agentAddress() {
        return "127.0.0.1:" + agentPort;
    }

    NeutronClient client() {
        return new NeutronClient(keystonePort, apiPort);
    }

    BenchIdentity identity() {
        return identity;
    }

    Path log() {
        return work.resolve("controller.log");
    }

    long pid() {
        return process.pid();
    }

    /** Starts the controller on its state and waits for the API; returns the start's System.nanoTime. */
    long start(NeutronClient api) throws IOException {
        List<String> command = new ArrayList<>(List.of(BenchCluster.java(), "-Xmx" + heap,
                "-Dlogback.configurationFile=" + work.resolve("logback-controller.xml")));
        command.addAll(BenchCluster.javaOpts("BENCH_CONTROLLER_JAVA_OPTS"));
        command.addAll(List.of("-jar", jar.toString(), "controller",
                "--openflow-listen", openflowAddress(), "--agent-listen", agentAddress(),
                "--api-listen", "127.0.0.1:" + apiPort, "--keystone-listen", "127.0.0.1:" + keystonePort,
                "--state-dir", state().toString(), "--audit-interval", "PT1H", "--token-ttl", "PT4H"));
        command.addAll(extraArgs);
        long started = System.nanoTime();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        Files.writeString(work.resolve("controller.pid"), process.pid() + "\n");
        BenchCluster.await("controller API", Duration.ofSeconds(120), () -> {
            try {
                return api.status("/sluice/v1/switches").has("switches");
            } catch (IllegalStateException e) {
                return false;
            }
        });
        return started;
    }

    /** The controller as started, for the report. */
    String describe() {
        return "java -Xmx" + heap + " -jar sluice.jar controller --audit-interval PT1H"
                + (extraArgs.isEmpty() ? "" : " " + String.join(" ", extraArgs));
    }

    /** Bytes of heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    long heapUsedAfterGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Kills the controller outright (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The controller's model-change compile times in microseconds, as logged since {@code fromLine}. */
    List<Long> compileMicros(int fromLine) throws IOException {
        return compiles(fromLine, 2);
    }

    /** The housekeeping thread's CPU time of each of those compiles, in microseconds. */
    List<Long> compileCpuMicros(int fromLine) throws IOException {
        return compiles(fromLine, 3);
    }

    /** The wall-clock time each of those compiles' runs took to start (diffed, sent), in microseconds. */
    List<Long> runsStartMicros(int fromLine) throws IOException {
        return compiles(fromLine, 5);
    }

    private List<Long> compiles(int fromLine, int group) throws IOException {
        Pattern compiled = Pattern.compile("model change compiled for (\\d+) switches in (\\d+) us \\((\\d+) us of "
                + "CPU\\); (\\d+) changed, their runs started in (\\d+) us");
        List<String> lines = Files.readAllLines(log());
        List<Long> micros = new ArrayList<>();
        for (String line : lines.subList(Math.min(fromLine, lines.size()), lines.size())) {
            Matcher m = compiled.matcher(line);
            if (m.find()) {
                micros.add(Long.parseLong(m.group(group)));
            }
        }
        return micros;
    }

    int logLines() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()).size() : 0;
    }

    /** The status API's switches. */
    static JsonNode switches(NeutronClient api) {
        return api.status("/sluice/v1/switches").path("switches");
    }

    private Path state() {
        return work.resolve("state");
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", String.valueOf(process.pid()), command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
