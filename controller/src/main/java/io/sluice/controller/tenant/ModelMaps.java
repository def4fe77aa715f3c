package io.sluice.controller.tenant;

import io.sluice.models.tenant.FloatingIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortForwarding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.Subnet;
import io.sluice.models.tenant.TenantModel;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The tenant model's maps while a load or a commit builds the next model, each record under its kind. */
final class ModelMaps {
    private final Map<Kind, Map<String, Object>> records = new EnumMap<>(Kind.class);
    final Map<String, String> routerHosts;

    private ModelMaps(Map<String, String> routerHosts) {
        for (Kind kind : Kind.values()) {
            if (kind.holdsRecords()) {
                records.put(kind, new HashMap<>());
            }
        }
        this.routerHosts = new HashMap<>(routerHosts);
    }

    static ModelMaps empty() {
        return new ModelMaps(Map.of());
    }

    static ModelMaps of(TenantModel model) {
        ModelMaps maps = new ModelMaps(model.routerHosts());
        maps.records.get(Kind.NETWORK).putAll(model.networks());
        maps.records.get(Kind.SUBNET).putAll(model.subnets());
        maps.records.get(Kind.PORT).putAll(model.ports());
        maps.records.get(Kind.ROUTER).putAll(model.routers());
        maps.records.get(Kind.FLOATING_IP).putAll(model.floatingIps());
        maps.records.get(Kind.PORT_FORWARDING).putAll(model.portForwardings());
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
        of(key).put(key.id(), key.kind().recordType().cast(record));
    }

    void remove(ResourceKey key) {
        of(key).remove(key.id());
    }

    TenantModel model(long revision) {
        return new TenantModel(revision, typed(Kind.NETWORK, Network.class), typed(Kind.SUBNET, Subnet.class),
                typed(Kind.PORT, Port.class), typed(Kind.ROUTER, Router.class),
                typed(Kind.FLOATING_IP, FloatingIp.class), typed(Kind.PORT_FORWARDING, PortForwarding.class),
                routerHosts);
    }

    private Map<String, Object> of(ResourceKey key) {
        Map<String, Object> map = records.get(key.kind());
        if (map == null) {
            throw new IllegalStateException(key + " holds no record");
        }
        return map;
    }

    private <T> Map<String, T> typed(Kind kind, Class<T> type) {
        Map<String, T> typed = new HashMap<>();
        records.get(kind).forEach((id, record) -> typed.put(id, type.cast(record)));
        return typed;
    }
}
