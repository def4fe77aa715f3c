package io.sluice.northbound;

import io.sluice.models.ipam.PhysicalNetwork;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.NetworkType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The northbound's settings.
 *
 * @param apiListen      the network API and operator status (default 0.0.0.0:9696)
 * @param keystoneListen the identity service (default 0.0.0.0:5000)
 * @param publicHost     the host name or address clients use to reach both; it goes into the service
 *                       catalog and version documents, which clients follow, so it must not be 0.0.0.0
 * @param stateDir       where the identity file and the generated admin-openrc live
 * @param tokenTtl       how long a token is valid
 * @param datapathType   the hypervisors' OVS datapath type, for binding:vif_details
 * @param vniMin         first VNI of tenant networks
 * @param vniMax         last VNI of tenant networks
 * @param underlayMtu    the underlay's MTU; overlay networks get less
 * @param physicalNetworks the physical networks flat and VLAN networks may use (ML2's network_vlan_ranges)
 * @param physicalMtu    the physical networks' MTU, which flat and VLAN networks get
 * @param tenantNetworkType the type of networks created without provider:network_type (VXLAN or MPLS)
 * @param mplsEncapsulation how MPLS networks cross the underlay
 * @param labelQuarantine how long a released MPLS label is kept from reuse
 */
public record NorthboundConfig(InetSocketAddress apiListen, InetSocketAddress keystoneListen, String publicHost,
                               Path stateDir, Duration tokenTtl, String datapathType, int vniMin, int vniMax,
                               int underlayMtu, List<PhysicalNetwork> physicalNetworks, int physicalMtu,
                               NetworkType tenantNetworkType, MplsEncapsulation mplsEncapsulation,
                               Duration labelQuarantine) {
    public URI apiUrl(int port) {
        return URI.create("http://" + publicHost + ":" + port + "/");
    }
}
