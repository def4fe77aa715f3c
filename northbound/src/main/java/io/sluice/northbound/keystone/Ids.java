package io.sluice.northbound.keystone;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ids in Keystone's form, 32 hex digits. */
final class Ids {
    private Ids() {
    }

    static String random() {
        return hex(UUID.randomUUID());
    }

    /** The same id for the same key in every process, for things Sluice defines itself (roles, catalog). */
    static String stable(String key) {
        return hex(UUID.nameUUIDFromBytes(("sluice:" + key).getBytes(StandardCharsets.UTF_8)));
    }

    private static String hex(UUID uuid) {
        return uuid.toString().replace("-", "");
    }
}
