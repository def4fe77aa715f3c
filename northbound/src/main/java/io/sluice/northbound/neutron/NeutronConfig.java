package io.sluice.northbound.neutron;

import io.sluice.models.ipam.PhysicalNetwork;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.NetworkType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Neutron API's settings.
 *
 * @param vniMin        first VXLAN network identifier handed to tenant networks
 * @param vniMax        last one, inclusive
 * @param underlayMtu   the MTU of the physical network; VXLAN networks get 50 bytes less
 * @param baseUrl       the API's root as clients reach it, e.g. "http://192.0.2.1:9696" (pagination links); null
 *                      takes it from each request's Host header
 * @param datapathType  br-int's datapath type, os-vif's binding:vif_details datapath_type ("system", "netdev")
 * @param quotaDefaults per-project limits where none is set: network, subnet, port, router, floatingip
 * @param physicalNetworks the physical networks flat and VLAN networks may use, with their VLAN ranges
 * @param physicalMtu   the MTU of the physical networks: what flat and VLAN networks get (Neutron's
 *                      global_physnet_mtu; the underlay's may be larger to carry VXLAN)
 * @param tenantNetworkType what a network gets when its creator names no provider:network_type (ML2's
 *                      tenant_network_types): VXLAN or MPLS
 * @param mplsEncapsulation how MPLS networks cross the underlay, which decides their MTU
 * @param labelQuarantine how long a released MPLS label is kept from reuse
 */
public record NeutronConfig(int vniMin, int vniMax, int underlayMtu, String baseUrl, String datapathType,
                            Map<String, Integer> quotaDefaults, List<PhysicalNetwork> physicalNetworks,
                            int physicalMtu, NetworkType tenantNetworkType, MplsEncapsulation mplsEncapsulation,
                            Duration labelQuarantine) {
    /** VXLAN over IPv4: outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8. */
    public static final int VXLAN_OVERHEAD = 50;
    public static final Map<String, Integer> DEFAULT_QUOTAS = Map.of("network", 100, "subnet", 100, "port", 500,
            "router", 10, "floatingip", 50);

    public NeutronConfig {
        if (vniMin < 1 || vniMax > 0xFFFFFF || vniMin > vniMax) {
            throw new IllegalArgumentException("VNI range " + vniMin + ".." + vniMax + " is not within 1..16777215");
        }
        if (underlayMtu - VXLAN_OVERHEAD < 68) {
            throw new IllegalArgumentException("underlay MTU " + underlayMtu + " leaves no room for VXLAN");
        }
        Objects.requireNonNull(datapathType, "datapathType");
        quotaDefaults = Map.copyOf(quotaDefaults);
        physicalNetworks = List.copyOf(physicalNetworks);
        if (physicalNetworks.stream().map(PhysicalNetwork::name).distinct().count() != physicalNetworks.size()) {
            throw new IllegalArgumentException("a physical network is listed twice: " + physicalNetworks);
        }
        if (physicalMtu < 68) {
            throw new IllegalArgumentException("physical MTU " + physicalMtu + " is below 68");
        }
        if (!tenantNetworkType.isOverlay()) {
            throw new IllegalArgumentException("tenant networks must be VXLAN or MPLS, not " + tenantNetworkType);
        }
        Objects.requireNonNull(mplsEncapsulation, "mplsEncapsulation");
        if (labelQuarantine.isNegative()) {
            throw new IllegalArgumentException("label quarantine " + labelQuarantine + " is negative");
        }
        if (underlayMtu - mplsEncapsulation.overhead() < 68) {
            throw new IllegalArgumentException("underlay MTU " + underlayMtu + " leaves no room for MPLS");
        }
        if (!quotaDefaults.keySet().equals(DEFAULT_QUOTAS.keySet())) {
            throw new IllegalArgumentException("quota defaults must name exactly " + DEFAULT_QUOTAS.keySet());
        }
    }

    /**
     * Neutron ships no VNI range; Sluice hands out 1000..1999999 and keeps lower ones for operators. No physical
     * networks: provider networks need the operator to name them. Tenant networks are VXLAN; MPLS networks,
     * when chosen, go over GRE and keep a released label a minute from reuse.
     */
    public static NeutronConfig defaults() {
        return new NeutronConfig(1000, 1_999_999, 1500, null, "system", DEFAULT_QUOTAS, List.of(), 1500,
                NetworkType.VXLAN, MplsEncapsulation.GRE, Duration.ofSeconds(60));
    }

    public int vxlanMtu() {
        return underlayMtu - VXLAN_OVERHEAD;
    }

    /** The underlay's MTU less the MPLS encapsulation's headers (28 bytes over GRE, 54 inside VXLAN). */
    public int mplsMtu() {
        return underlayMtu - mplsEncapsulation.overhead();
    }

    public NeutronConfig withBaseUrl(String url) {
        return new NeutronConfig(vniMin, vniMax, underlayMtu, url, datapathType, quotaDefaults,
                physicalNetworks, physicalMtu, tenantNetworkType, mplsEncapsulation, labelQuarantine);
    }

    public NeutronConfig withVniRange(int min, int max) {
        return new NeutronConfig(min, max, underlayMtu, baseUrl, datapathType, quotaDefaults,
                physicalNetworks, physicalMtu, tenantNetworkType, mplsEncapsulation, labelQuarantine);
    }

    public NeutronConfig withUnderlayMtu(int mtu) {
        return new NeutronConfig(vniMin, vniMax, mtu, baseUrl, datapathType, quotaDefaults,
                physicalNetworks, physicalMtu, tenantNetworkType, mplsEncapsulation, labelQuarantine);
    }

    public NeutronConfig withDatapathType(String type) {
        return new NeutronConfig(vniMin, vniMax, underlayMtu, baseUrl, type, quotaDefaults,
                physicalNetworks, physicalMtu, tenantNetworkType, mplsEncapsulation, labelQuarantine);
    }

    public NeutronConfig withQuotaDefaults(Map<String, Integer> defaults) {
        return new NeutronConfig(vniMin, vniMax, underlayMtu, baseUrl, datapathType, defaults,
                physicalNetworks, physicalMtu, tenantNetworkType, mplsEncapsulation, labelQuarantine);
    }

    public NeutronConfig withPhysicalNetworks(List<PhysicalNetwork> networks, int mtu) {
        return new NeutronConfig(vniMin, vniMax, underlayMtu, baseUrl, datapathType, quotaDefaults, networks, mtu,
                tenantNetworkType, mplsEncapsulation, labelQuarantine);
    }

    /** @param quarantine how long a released MPLS label is kept from reuse */
    public NeutronConfig withTenantNetworks(NetworkType type, MplsEncapsulation encapsulation, Duration quarantine) {
        return new NeutronConfig(vniMin, vniMax, underlayMtu, baseUrl, datapathType, quotaDefaults,
                physicalNetworks, physicalMtu, type, encapsulation, quarantine);
    }
}
