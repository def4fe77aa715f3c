package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, driven by Playwright (playwright-core, installed by the build's npm ci) through
 * northbound/viewer/test/driver.mjs: one JSON command a line, one JSON answer a line. The test decides what to
 * check; the driver only acts on the page and reads it.
 */
final class ViewerBrowser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path VIEWER = Path.of("viewer").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process node;
    private final BufferedWriter commands;
    private final BufferedReader answers;

    /** Node, Chromium and the build's playwright-core; without them the test is skipped, or fails under CI. */
    static void require() {
        RealOvs.require("node", CHROMIUM);
        if (!Files.isDirectory(VIEWER.resolve("node_modules/playwright-core"))) {
            Requirements.unmet("the viewer's browser test needs playwright-core in " + VIEWER
                    + "/node_modules: build with Maven first (its npm ci installs it)");
        }
    }

    ViewerBrowser(Path log) {
        try {
            Files.createDirectories(log.getParent());
            node = new ProcessBuilder("node", "test/driver.mjs").directory(VIEWER.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    /** A fresh browser profile (nothing kept from the last session) with a window of this size. */
    void open(int width, int height) {
        call("open", Map.of("width", width, "height", height));
    }

    void goTo(String url) {
        call("goto", Map.of("url", url));
    }

    /** Logs in through the page's form and waits until the topology is drawn; the page's status after. */
    JsonNode logIn(String user, String password, String project) {
        return call("login", Map.of("user", user, "password", password, "project", project));
    }

    /** Logs in with credentials that must be refused; the error the form shows. */
    String refusedLogIn(String user, String password, String project) {
        return call("login", Map.of("user", user, "password", password, "project", project, "expectError", true))
                .path("error").asText();
    }

    /** Reloads with the session kept; wallMillis from navigation until the topology is drawn. */
    JsonNode reload() {
        return call("reload", Map.of());
    }

    /** window.sluiceViewer: ready, nodes, edges, revision, loadMillis, renders, live. */
    JsonNode status() {
        return call("status", Map.of());
    }

    /** Waits until a JavaScript expression on the page is true; how long it took. */
    long waitFor(String expression, long timeoutMillis) {
        return call("waitFor", Map.of("expression", expression, "timeoutMs", timeoutMillis)).path("waitedMillis")
                .asLong();
    }

    JsonNode evaluate(String expression) {
        return call("evaluate", Map.of("expression", expression)).path("value");
    }

    void click(String selector) {
        call("click", Map.of("selector", selector));
    }

    void selectOption(String label, String value) {
        call("select", Map.of("label", label, "value", value));
    }

    void resize(int width, int height) {
        call("resize", Map.of("width", width, "height", height));
    }

    void screenshot(Path path) {
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        call("screenshot", Map.of("path", path.toAbsolutePath().toString()));
    }

    private JsonNode call(String command, Map<String, Object> arguments) {
        try {
            ObjectNode request = JSON.valueToTree(arguments);
            request.put("cmd", command);
            commands.write(JSON.writeValueAsString(request));
            commands.newLine();
            commands.flush();
            String line = answers.readLine();
            if (line == null) {
                throw new IllegalStateException("the browser driver exited during " + command + " (see its log)");
            }
            JsonNode answer = JSON.readTree(line);
            if (!answer.path("ok").asBoolean()) {
                throw new AssertionError("browser: " + command + " " + arguments + " failed: "
                        + answer.path("error").asText());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            commands.write("{\"cmd\":\"quit\"}");
            commands.newLine();
            commands.flush();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            node.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.destroyForcibly();
        }
    }
}
