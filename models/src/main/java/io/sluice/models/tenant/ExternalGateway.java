package io.sluice.models.tenant;

import java.util.List;

/**
 * A router's leg on an external network: Neutron's {@code external_gateway_info}.
 *
 * @param networkId        the external network ({@code router:external=True})
 * @param enableSnat       whether the router's subnets leave through the gateway address (SNAT)
 * @param externalFixedIps the gateway port's addresses on that network
 */
public record ExternalGateway(String networkId, boolean enableSnat, List<FixedIp> externalFixedIps) {
    public ExternalGateway {
        networkId = Check.uuid("external_gateway_info.network_id", networkId);
        externalFixedIps = Check.list(externalFixedIps);
    }
}
