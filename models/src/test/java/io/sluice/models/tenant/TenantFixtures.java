package io.sluice.models.tenant;

import java.util.List;

/** Valid model values, for tests to vary one attribute at a time. */
public final class TenantFixtures {
    public static final String PROJECT = "5b7a0c0e3f9d4a4b8a0f6a1d2c3e4f50";
    public static final String NETWORK = "6f1c9a52-3b7e-4d21-9a0e-1f2b3c4d5e6f";
    public static final String OTHER_NETWORK = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
    public static final String SUBNET = "2e4a6c8e-0b1d-4f3a-9c5e-7a9b1d3f5a7c";
    public static final String OTHER_SUBNET = "9c8b7a6d-5e4f-4321-8abc-def012345678";
    public static final String PORT = "3d5f7b9d-1c2e-4a4b-8d6f-8b0c2e4f6a8d";

    private TenantFixtures() {
    }

    public static AllocationPool pool(String start, String end) {
        return new AllocationPool(start, end);
    }

    public static Subnet subnet(String cidr, String gatewayIp, AllocationPool... pools) {
        return subnet(SUBNET, NETWORK, cidr, gatewayIp, List.of(pools));
    }

    public static Subnet subnet(String id, String networkId, String cidr, String gatewayIp,
                                List<AllocationPool> pools) {
        return new Subnet(id, PROJECT, networkId, "s", cidr, gatewayIp, pools, true, List.of(), List.of(), 1);
    }
}
