package io.sluice.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's scripts/testbed driven from a test, every call under one prefix (so beds of concurrent runs never
 * collide), and any command run from the project's root with its output, failing on a non-zero exit.
 */
public final class TestBedCli {
    private static final Logger log = LoggerFactory.getLogger(TestBedCli.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path root = projectRoot();
    private final String prefix;
    private final Map<String, String> env = new HashMap<>();

    public TestBedCli(String prefix) {
        this.prefix = prefix;
    }

    /** {@code scripts/testbed COMMAND --prefix PREFIX ARGS...}. */
    public void testbed(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), command, "--prefix",
                prefix));
        all.addAll(List.of(args));
        run(all);
    }

    /** A command in a bed host's namespace with its OVS environment. */
    public void onHost(String host, String... command) {
        List<String> all = new ArrayList<>(List.of(root.resolve("scripts/testbed").toString(), "exec", "--prefix",
                prefix, "--host", host, "--"));
        all.addAll(List.of(command));
        run(all);
    }

    /** Reads the bed's facts again ({@code testbed env}), e.g. after a VM was plugged. */
    public void readEnv() {
        for (String line : run(List.of(root.resolve("scripts/testbed").toString(), "env", "--prefix", prefix))
                .split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
    }

    /** A fact of the bed as last read, e.g. CONTROLLER_IP. */
    public String env(String key) {
        return env.get(key);
    }

    /** Runs a command from the project's root; its output (stderr merged), or an exception naming it. */
    public String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return e.toString().getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(output.get(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue()
                        + ":\n" + text);
            }
            return text;
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /**
     * What a test driving a bed lacks to run: root, these tools on the PATH, these files; empty when nothing. Under
     * CI=true a lack throws instead, so CI can never pass by skipping; elsewhere the caller skips with the reason.
     *
     * @param test   the test, as the reason names it
     * @param remedy how to get what is missing
     */
    public static Optional<String> lacking(String test, List<String> tools, List<Path> files, String remedy) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        tools.stream().filter(tool -> !onPath(tool)).forEach(missing::add);
        files.stream().filter(file -> !Files.isExecutable(file)).forEach(file -> missing.add(file.toString()));
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String reason = test + " needs " + String.join(", ", missing) + " (" + remedy + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
        }
        return Optional.of(reason);
    }

    /**
     * {@link #lacking} as an {@code ExecutionCondition} answers it: a test lacking something is disabled with the
     * reason and a warning, so the skip is counted and named (an abort in a {@code @BeforeAll} is counted nowhere).
     */
    public static ConditionEvaluationResult enabledWith(ExtensionContext context, String test, List<String> tools,
                                                        List<Path> files, String remedy) {
        return lacking(test, tools, files, remedy).map(reason -> {
            log.warn("SKIPPING {}: {}", context.getDisplayName(), reason);
            return ConditionEvaluationResult.disabled(reason);
        }).orElseGet(() -> ConditionEvaluationResult.enabled("root and " + String.join(", ", tools) + " are there"));
    }

    /** Whether a tool is on the PATH. */
    public static boolean onPath(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** The checkout's root, found from the module directory Maven runs tests in. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("scripts/testbed"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scripts/testbed above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
