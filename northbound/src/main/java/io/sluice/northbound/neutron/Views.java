package io.sluice.northbound.neutron;

import io.sluice.controller.tenant.StandardAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every Neutron resource view shares: project and standard attributes, time formats. */
final class Views {
    /** Neutron's standard-attribute timestamps: ISO 8601 in UTC, whole seconds, a trailing Z. */
    private static final DateTimeFormatter STANDARD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The agents' format (heartbeat_timestamp, created_at, started_at). */
    private static final DateTimeFormatter AGENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    static void project(Map<String, Object> view, String projectId) {
        view.put("tenant_id", projectId);
        view.put("project_id", projectId);
    }

    static void standard(Map<String, Object> view, StandardAttributes standard, long revision) {
        view.put("description", standard.description());
        view.put("tags", List.of());
        view.put("created_at", standardTime(standard.createdAt()));
        view.put("updated_at", standardTime(standard.updatedAt()));
        view.put("revision_number", revision);
    }

    /** A two-key dictionary that keeps its keys in order, e.g. a pool's start then end. */
    static Map<String, Object> pair(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put(key1, value1);
        pair.put(key2, value2);
        return pair;
    }

    static String standardTime(Instant instant) {
        return STANDARD.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String agentTime(Instant instant) {
        return instant == null ? null : AGENT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
