package io.sluice.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads `ovs-ofctl dump-flows` output: each flow's identity (cookie, table, priority, match and actions,
 * i.e. the line without its counters) and its duration, which resets only when a flow is rewritten.
 */
final class FlowDump {
    private static final Pattern LINE = Pattern.compile(
            "cookie=(\\S+), duration=([0-9.]+)s, table=(\\d+), n_packets=\\d+, n_bytes=\\d+, (?:[a-z_]+=\\d+, )*(.*)");

    private FlowDump() {
    }

    /** Flow identity to duration in seconds. */
    static Map<String, Double> durations(String dump) {
        Map<String, Double> flows = new LinkedHashMap<>();
        for (String line : dump.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                flows.put("cookie=" + m.group(1) + " table=" + m.group(3) + " " + m.group(4),
                        Double.parseDouble(m.group(2)));
            }
        }
        return flows;
    }
}
