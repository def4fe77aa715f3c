package io.sluice.controller.tenant;

import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.TenantModel;
import java.util.EnumMap;
import java.util.Map;
import org.pcollections.PMap;

/**
 * The tenant model's maps while a load or a commit builds the next model, each record under its kind: persistent
 * maps, so a commit's next model shares every record it does not touch with the model it started from.
 */
final class ModelMaps {
    private final Map<Kind, PMap<String, ?>> records = new EnumMap<>(Kind.class);
    private PMap<String, String> routerHosts;

    private ModelMaps(PMap<String, String> routerHosts) {
        for (Kind kind : Kind.values()) {
            if (kind.holdsRecords()) {
                records.put(kind, PersistentMaps.empty());
            }
        }
        this.routerHosts = routerHosts;
    }

    static ModelMaps empty() {
        return new ModelMaps(PersistentMaps.empty());
    }

    static ModelMaps of(TenantModel model) {
        ModelMaps maps = new ModelMaps(PersistentMaps.of(model.routerHosts()));
        maps.records.put(Kind.NETWORK, PersistentMaps.of(model.networks()));
        maps.records.put(Kind.SUBNET, PersistentMaps.of(model.subnets()));
        maps.records.put(Kind.PORT, PersistentMaps.of(model.ports()));
        maps.records.put(Kind.ROUTER, PersistentMaps.of(model.routers()));
        maps.records.put(Kind.FLOATING_IP, PersistentMaps.of(model.floatingIps()));
        maps.records.put(Kind.PORT_FORWARDING, PersistentMaps.of(model.portForwardings()));
        return maps;
    }

    /** The record a model holds under a key, or null. */
    static Object record(TenantModel model, ResourceKey key) {
        return switch (key.kind()) {
            case NETWORK -> model.networks().get(key.id());
            case SUBNET -> model.subnets().get(key.id());
            case PORT -> model.ports().get(key.id());
            case ROUTER -> model.routers().get(key.id());
            case FLOATING_IP -> model.floatingIps().get(key.id());
            case PORT_FORWARDING -> model.portForwardings().get(key.id());
            default -> null;
        };
    }

    void put(ResourceKey key, Object record) {
        records.put(key.kind(), of(key).plus(key.id(), key.kind().recordType().cast(record)));
    }

    /** Puts many records of one kind at once: a load's 100,000 ports are one bulk insert, not 100,000 versions. */
    void putAll(Kind kind, Map<String, ?> byId) {
        if (!records.containsKey(kind)) {
            throw new IllegalStateException(kind + " holds no record");
        }
        byId.values().forEach(kind.recordType()::cast);
        records.put(kind, this.<Object>typed(kind).plusAll(byId));
    }

    void remove(ResourceKey key) {
        records.put(key.kind(), of(key).minus(key.id()));
    }

    /** Schedules a router on a host, or unschedules it (host null). */
    void routerHost(String routerId, String host) {
        routerHosts = host == null ? routerHosts.minus(routerId) : routerHosts.plus(routerId, host);
    }

    TenantModel model(long revision) {
        return new TenantModel(revision, typed(Kind.NETWORK), typed(Kind.SUBNET), typed(Kind.PORT),
                typed(Kind.ROUTER), typed(Kind.FLOATING_IP), typed(Kind.PORT_FORWARDING), routerHosts);
    }

    private PMap<String, Object> of(ResourceKey key) {
        if (!records.containsKey(key.kind())) {
            throw new IllegalStateException(key + " holds no record");
        }
        return typed(key.kind());
    }

    /** Each kind's map holds only records of its {@link Kind#recordType()}: {@link #put} casts every one. */
    @SuppressWarnings("unchecked")
    private <T> PMap<String, T> typed(Kind kind) {
        return (PMap<String, T>) records.get(kind);
    }
}
