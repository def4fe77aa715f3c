package io.sluice.models.tenant;

/** One of a port's addresses, on one of its network's subnets. */
public record FixedIp(String subnetId, String ipAddress) {
    public FixedIp {
        subnetId = Check.uuid("fixed_ips.subnet_id", subnetId);
        ipAddress = Check.ipv4("fixed_ips.ip_address", ipAddress);
    }
}
