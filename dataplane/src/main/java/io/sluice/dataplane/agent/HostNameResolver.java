package io.sluice.dataplane.agent;

import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;
import static io.sluice.dataplane.ovsdb.VswitchSchema.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The host name the agent registers under, which must equal the one Nova puts in {@code binding:host_id}:
 * a configured override, else Open_vSwitch {@code external_ids:system-id} (what OVN and os-vif deployments
 * set), else the kernel's host name.
 */
public final class HostNameResolver {
    private final Optional<String> override;
    private final Supplier<String> osHostName;

    public HostNameResolver(Optional<String> override, Supplier<String> osHostName) {
        this.override = override.filter(name -> !name.isBlank());
        this.osHostName = osHostName;
    }

    /** What gethostname(2) returns, as Neutron's agents use it: no DNS lookup. */
    public static String kernelHostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host name", e);
        }
    }

    public CompletableFuture<String> resolve(OvsdbClient ovsdb) {
        if (override.isPresent()) {
            return CompletableFuture.completedFuture(override.get());
        }
        return ovsdb.transact(DB, Ops.select(ROOT, Ops.where(), List.of("external_ids")))
                .thenApply(results -> systemId(results.get(0).get("rows")).orElseGet(osHostName));
    }

    private static Optional<String> systemId(JsonNode rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Atoms.stringMap(rows.get(0).get("external_ids")).get("system-id"))
                .filter(id -> !id.isBlank());
    }
}
