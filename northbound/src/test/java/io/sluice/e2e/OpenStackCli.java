package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stock `openstack` CLI (Debian's python3-openstackclient), run as one user in one project against
 * Sluice's identity service, with the environment openstack-clients.md lists. The environment is built from
 * nothing, so a pyenv Python on the caller's PATH cannot shadow Debian's.
 */
final class OpenStackCli {
    static final String BINARY = "/usr/bin/openstack";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, String> env;

    OpenStackCli(String authUrl, String user, String password, String project) {
        this.env = Map.ofEntries(
                Map.entry("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), Map.entry("HOME", "/root"),
                Map.entry("OS_AUTH_URL", authUrl), Map.entry("OS_IDENTITY_API_VERSION", "3"),
                Map.entry("OS_AUTH_TYPE", "password"), Map.entry("OS_USERNAME", user),
                Map.entry("OS_PASSWORD", password), Map.entry("OS_PROJECT_NAME", project),
                Map.entry("OS_USER_DOMAIN_NAME", "Default"), Map.entry("OS_PROJECT_DOMAIN_NAME", "Default"),
                Map.entry("OS_REGION_NAME", "RegionOne"), Map.entry("OS_INTERFACE", "public"));
    }

    /** Runs a command that prints JSON (-f json is added) and must succeed. */
    JsonNode json(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.addAll(List.of("-f", "json"));
        Shell.Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError("openstack " + String.join(" ", args) + " failed:\n" + result.output());
        }
        try {
            return JSON.readTree(result.output().substring(firstJson(result.output())));
        } catch (IOException e) {
            throw new AssertionError("openstack " + String.join(" ", args) + " printed no JSON:\n" + result.output());
        }
    }

    /** Runs a command that prints nothing on success (e.g. `port set`) and must succeed. */
    void ok(String... args) {
        Shell.Result result = run(List.of(args));
        if (result.exitCode() != 0) {
            throw new AssertionError("openstack " + String.join(" ", args) + " failed:\n" + result.output());
        }
    }

    /** Runs a command and returns its exit code and output, for commands expected to fail. */
    Shell.Result run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(BINARY));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openstack " + args + " timed out");
            }
            return new Shell.Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + BINARY + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running openstack " + args);
        }
    }

    /** Python warnings may precede the JSON document. */
    private static int firstJson(String output) {
        int object = output.indexOf('{');
        int array = output.indexOf('[');
        if (object < 0) {
            return Math.max(array, 0);
        }
        return array < 0 ? object : Math.min(object, array);
    }
}
