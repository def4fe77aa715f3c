package io.sluice.dataplane.l3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link LegPlug} onto plain Linux bridges, one per port id: the namespace side tested without OVS. */
final class BridgePlug implements LegPlug {
    private final CommandRunner runner;
    private final Map<String, String> bridgeOfPort;

    BridgePlug(CommandRunner runner, Map<String, String> bridgeOfPort) {
        this.runner = runner;
        this.bridgeOfPort = bridgeOfPort;
    }

    @Override
    public Set<String> plugged(String prefix) {
        Set<String> plugged = new HashSet<>();
        try {
            for (JsonNode link : new ObjectMapper().readTree(run(List.of("ip", "-json", "link", "show")))) {
                String name = link.path("ifname").asText();
                if (name.startsWith(prefix) && bridgeOfPort.containsValue(link.path("master").asText())) {
                    plugged.add(name);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return plugged;
    }

    @Override
    public void plug(List<Plug> plugs) {
        plugs.forEach(plug -> run(List.of("ip", "link", "set", plug.device(), "master",
                bridgeOfPort.get(plug.portId()))));
    }

    @Override
    public void unplug(Collection<String> devices) {
        // The veth is gone with its namespace end; a bridge forgets its ports by itself.
    }

    private String run(List<String> argv) {
        CommandRunner.Result result = runner.run(argv, null);
        if (result.exitCode() != 0) {
            throw new L3CommandException(argv, result);
        }
        return result.stdout();
    }
}
