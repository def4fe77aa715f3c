package io.sluice.controller.tenant;

/** A document of the tenant repository: its kind and id. */
public record ResourceKey(Kind kind, String id) {
    public static ResourceKey network(String id) {
        return new ResourceKey(Kind.NETWORK, id);
    }

    public static ResourceKey subnet(String id) {
        return new ResourceKey(Kind.SUBNET, id);
    }

    public static ResourceKey port(String id) {
        return new ResourceKey(Kind.PORT, id);
    }

    public static ResourceKey router(String id) {
        return new ResourceKey(Kind.ROUTER, id);
    }

    public static ResourceKey floatingIp(String id) {
        return new ResourceKey(Kind.FLOATING_IP, id);
    }

    public static ResourceKey portForwarding(String id) {
        return new ResourceKey(Kind.PORT_FORWARDING, id);
    }

    public static ResourceKey quota(String projectId) {
        return new ResourceKey(Kind.QUOTA, projectId);
    }

    public static ResourceKey routerHost(String routerId) {
        return new ResourceKey(Kind.ROUTER_HOST, routerId);
    }
}
