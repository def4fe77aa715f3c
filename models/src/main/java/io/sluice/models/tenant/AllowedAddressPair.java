package io.sluice.models.tenant;

/** An extra address a port may send from (e.g. a VRRP address); the MAC defaults to the port's. */
public record AllowedAddressPair(String ipAddress, String macAddress) {
    public AllowedAddressPair {
        if (ipAddress == null) {
            throw new ValidationException("allowed_address_pairs.ip_address", "missing");
        }
        ipAddress = ipAddress.contains("/") ? Check.ipv4Cidr("allowed_address_pairs.ip_address", ipAddress)
                : Check.ipv4("allowed_address_pairs.ip_address", ipAddress);
        macAddress = macAddress == null ? null : Check.mac("allowed_address_pairs.mac_address", macAddress);
    }
}
