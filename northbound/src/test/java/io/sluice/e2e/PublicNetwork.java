package io.sluice.e2e;

/**
 * The test bed's provider segment (physnet1, 203.0.113.0/24, where the external host is .100) as Neutron's
 * external network {@code public}, flat, with router gateways and floating IPs from .10-.99.
 */
final class PublicNetwork {
    static final String NAME = "public";

    private PublicNetwork() {
    }

    static void create(OpenStackCli admin) {
        admin.json("network", "create", "--external", "--provider-network-type", "flat",
                "--provider-physical-network", "physnet1", NAME);
        admin.json("subnet", "create", "--network", NAME, "--subnet-range", "203.0.113.0/24", "--no-dhcp",
                "--gateway", "203.0.113.1", "--allocation-pool", "start=203.0.113.10,end=203.0.113.99",
                NAME + "-subnet");
    }
}
