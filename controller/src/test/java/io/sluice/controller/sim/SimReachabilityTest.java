package io.sluice.controller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.DesiredStateCompiler;
import io.sluice.controller.sim.Fabric.Delivered;
import io.sluice.controller.sim.Fabric.Journey;
import io.sluice.controller.sim.GeneratedCloud.Endpoint;
import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * Every VM reaches exactly the ports its network takes its packets to, and nothing else, in generated clouds
 * ({@link GeneratedCloud}) of VXLAN networks, of MPLS networks and of both (labels over GRE, and in VXLAN),
 * with routers, through every switch's compiled flows and the underlay ({@link Fabric}). From every placed port
 * (a VM's or a router's interface), to every address of the cloud:
 * <ul>
 *   <li>ARP is answered in place, only with what the sender's network says (VXLAN: the owner's MAC, for
 *       the addresses of its placed ports; MPLS: the gateway MAC, for any address but the asker's own),
 *       and an unanswered request reaches only the sender's network;
 *   <li>IPv4 sent to the resolved MAC reaches exactly its next hop in the sender's network
 *       ({@link GeneratedCloud#nextHop}: the port owning the address, else the interface of the router that
 *       routes it: the router's other subnets, its static routes, anything when it has a gateway), on its
 *       host, with its MAC as destination (MPLS: from the gateway MAC, TTL less one), and no other port
 *       anywhere; an address with no next hop in the sender's network (the same numeric address in another
 *       project's network, another project's router, a router on another network of the project) reaches
 *       nobody outside it;
 *   <li>a router's interface forwarding a packet from behind the router (a source address of its other subnets,
 *       its static routes, outside) to a VM of its network, to the MAC ARP gave it, reaches that VM only;
 *   <li>no copy crosses the underlay more than {@value Fabric#MAX_TUNNEL_HOPS} times or arrives twice;
 *   <li>a VM with port security that sends from another MAC or address is dropped at once.
 * </ul>
 * The namespace behind a router's interface is not simulated: a packet for the router ends at its interface.
 */
class SimReachabilityTest {
    static final String GATEWAY_MAC = "00:00:5e:00:01:00";
    private static final int CLOUDS = 30;
    private static final String FOREIGN_MAC = "fa:16:3e:ee:ee:ee";
    private static final String NOBODYS_MAC = "fa:16:3e:ff:ff:ff";
    private static final String DEFAULT_ROUTE = "0.0.0.0/0";

    static LongStream seeds() {
        return LongStream.rangeClosed(1, CLOUDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void vxlanNetworksReachExactlyTheirOwnPorts(long seed) {
        verify(GeneratedCloud.generate(seed, List.of(NetworkType.VXLAN)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mplsNetworksReachExactlyTheirOwnPorts(long seed) {
        verify(GeneratedCloud.generate(seed, List.of(NetworkType.MPLS)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mixedCloudsKeepEveryNetworkToItself(long seed) {
        verify(GeneratedCloud.generate(1000 + seed, List.of(NetworkType.VXLAN, NetworkType.MPLS)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mixedCloudsKeepEveryNetworkToItselfWithLabelsInVxlan(long seed) {
        GeneratedCloud cloud = GeneratedCloud.generate(2000 + seed, List.of(NetworkType.VXLAN, NetworkType.MPLS));
        verify(cloud, new Fabric(cloud.snapshot(), DesiredStateCompiler.standard(MplsEncapsulation.VXLAN)));
    }

    @Test
    void theGeneratedCloudsHoldWhatThePropertiesAreAbout() {
        List<GeneratedCloud> clouds = seeds().mapToObj(s -> GeneratedCloud.generate(1000 + s,
                List.of(NetworkType.VXLAN, NetworkType.MPLS))).toList();
        List<Endpoint> ports = clouds.stream().flatMap(c -> c.endpoints().stream()).toList();

        assertThat(ports).as("ports that are not placed: admin-down, unplugged, gone, or on a down network")
                .filteredOn(port -> !port.placed()).hasSizeGreaterThan(CLOUDS / 2);
        assertThat(ports).as("VMs' ports without port security").filteredOn(port -> !port.isRouterInterface()
                && !port.port().portSecurityEnabled()).hasSizeGreaterThan(CLOUDS / 2);
        assertThat(clouds).as("clouds with one address placed in two projects' networks")
                .filteredOn(SimReachabilityTest::hasAnAddressInTwoProjects).hasSizeGreaterThan(CLOUDS / 2);
        assertThat(clouds).as("clouds with both network types placed").filteredOn(c -> c.placed().stream()
                .map(vm -> vm.network().type()).distinct().count() == 2).hasSizeGreaterThan(CLOUDS / 3);
        assertThat(clouds).as("clouds with two placed VMs of one network on one host, and on two hosts")
                .anyMatch(c -> hasPeers(c, true)).anyMatch(c -> hasPeers(c, false));
    }

    @Test
    void theGeneratedRoutersHoldWhatThePropertiesAreAbout() {
        List<GeneratedCloud> clouds = seeds().mapToObj(s -> GeneratedCloud.generate(1000 + s,
                List.of(NetworkType.VXLAN, NetworkType.MPLS))).toList();
        List<List<Endpoint>> interfaces = clouds.stream().flatMap(c -> c.routers().stream().map(c::interfacesOf))
                .toList();
        List<Router> routers = clouds.stream().flatMap(c -> c.routers().stream()).toList();

        assertThat(interfaces).as("routers with interfaces on both network types")
                .anyMatch(legs -> legs.stream().map(leg -> leg.network().type()).distinct().count() == 2);
        assertThat(interfaces).as("routers with three interfaces").anyMatch(legs -> legs.size() == 3);
        assertThat(routers).as("routers with a gateway").filteredOn(r -> r.externalGateway() != null)
                .hasSizeGreaterThan(CLOUDS / 3);
        assertThat(routers).as("routers with a static route").filteredOn(r -> !r.routes().isEmpty())
                .hasSizeGreaterThan(CLOUDS / 3);
        assertThat(clouds).as("clouds with a router on the network node, and on a hypervisor with VMs")
                .anyMatch(c -> c.routers().stream().anyMatch(r -> c.hostOf(r).equals(GeneratedCloud.NETWORK_NODE)))
                .anyMatch(c -> c.routers().stream().anyMatch(r -> c.placed().stream()
                        .anyMatch(vm -> !vm.isRouterInterface() && vm.host().equals(c.hostOf(r)))));
        for (NetworkType type : List.of(NetworkType.VXLAN, NetworkType.MPLS)) {
            assertThat(clouds).as("clouds where a placed VM of a " + type.wireName() + " network has a router take"
                    + " its packets for elsewhere").filteredOn(c -> hasARoutedVm(c, type, true))
                    .hasSizeGreaterThan(CLOUDS / 3);
            assertThat(clouds).as("clouds with a placed VM of a " + type.wireName() + " network that no router"
                    + " serves, beside a router").filteredOn(c -> hasARoutedVm(c, type, false))
                    .hasSizeGreaterThan(CLOUDS / 3);
        }
    }

    /** Whether the cloud has a router and a placed VM of {@code type} that a router serves ({@code routed}) or not. */
    private static boolean hasARoutedVm(GeneratedCloud cloud, NetworkType type, boolean routed) {
        return !cloud.routers().isEmpty() && cloud.placed().stream()
                .filter(vm -> !vm.isRouterInterface() && vm.network().type() == type)
                .anyMatch(vm -> routed == cloud.addresses().stream().anyMatch(address -> cloud.nextHop(vm.network(),
                        address).filter(hop -> hop.isRouterInterface() && !hop.ip().equals(address)).isPresent()));
    }

    private static void verify(GeneratedCloud cloud) {
        verify(cloud, Fabric.of(cloud.snapshot()));
    }

    private static void verify(GeneratedCloud cloud, Fabric fabric) {
        for (Endpoint sender : cloud.placed()) {
            Probe probe = new Probe(cloud, fabric, sender);
            for (String address : cloud.addresses()) {
                probe.arpFor(address);
                if (!address.equals(sender.ip())) {
                    probe.ipv4To(address);
                }
            }
            if (sender.port().portSecurityEnabled()) {
                probe.spoofing();
            }
            if (sender.isRouterInterface()) {
                probe.forwardingIntoItsNetwork();
            }
        }
    }

    /** One sender's packets in one cloud, and what they must come to. */
    private record Probe(GeneratedCloud cloud, Fabric fabric, Endpoint sender) {
        private boolean mpls() {
            return sender.network().type() == NetworkType.MPLS;
        }

        /** The other placed ports of the sender's network, as host:ofport. */
        private Set<String> networkPeers() {
            return cloud.placed().stream().filter(vm -> vm.network().equals(sender.network()) && vm != sender)
                    .map(Endpoint::where).collect(Collectors.toSet());
        }

        private Optional<Endpoint> owner(String address) {
            return cloud.placed().stream().filter(vm -> vm.network().equals(sender.network()) && vm != sender
                    && vm.ip().equals(address)).findFirst();
        }

        void arpFor(String address) {
            Packet request = Packet.arpRequest(sender.mac(), sender.ip(), address);
            Journey journey = send(request);
            Optional<String> resolved = address.equals(sender.ip()) ? Optional.empty()
                    : mpls() ? Optional.of(GATEWAY_MAC) : owner(address).map(Endpoint::mac);
            if (resolved.isPresent()) {
                require(journey.fates().size() == 1 && journey.deliveries().size() == 1,
                        "one answer and nothing else", request, journey);
                Delivered answer = journey.deliveries().get(0);
                Packet reply = answer.packet();
                require(answer.host().equals(sender.host()) && answer.ofport() == sender.ofport()
                        && ArpOpcode.REPLY.equals(reply.get(MatchField.ARP_OP))
                        && mac(resolved.get()).equals(reply.get(MatchField.ARP_SHA))
                        && mac(resolved.get()).equals(reply.get(MatchField.ETH_SRC))
                        && IPv4Address.of(address).equals(reply.get(MatchField.ARP_SPA))
                        && mac(sender.mac()).equals(reply.get(MatchField.ARP_THA))
                        && mac(sender.mac()).equals(reply.get(MatchField.ETH_DST))
                        && IPv4Address.of(sender.ip()).equals(reply.get(MatchField.ARP_TPA)),
                        "a reply back to the asker saying " + address + " is at " + resolved.get(), request, journey);
            } else if (mpls()) {
                require(journey.fates().isEmpty(), "nothing: a VRF neither answers nor floods this", request,
                        journey);
            } else {
                require(journey.fates().size() == journey.deliveries().size()
                                && journey.deliveries().stream().allMatch(d -> sameHeaders(d.packet(), request))
                                && places(journey).equals(networkPeers()),
                        "the unanswered request flooded, unchanged, to every other port of its network once",
                        request, journey);
            }
        }

        void ipv4To(String address) {
            Optional<Endpoint> nextHop = cloud.nextHop(sender.network(), address);
            for (String dstMac : macsFor(address, nextHop)) {
                Packet packet = Packet.ipv4(sender.mac(), dstMac, sender.ip(), address);
                Journey journey = send(packet);
                // A VRF routes on the address; a VXLAN network switches on the MAC.
                Optional<Endpoint> receiver = (mpls() ? nextHop : portWithMac(dstMac)).filter(r -> r != sender);
                if (receiver.isPresent()) {
                    expectDelivery(packet, journey, receiver.get());
                } else if (mpls()) {
                    require(journey.fates().isEmpty(), "nothing: no route in the VRF", packet, journey);
                } else {
                    require(journey.fates().size() == journey.deliveries().size()
                                    && networkPeers().containsAll(places(journey)),
                            "unknown unicast flooded within the network only", packet, journey);
                }
            }
        }

        /**
         * The MACs the sender would use: MPLS: the gateway's, ARP's only answer; VXLAN: its next hop's (ARP's
         * answer, or its gateway's), else any it might have learnt elsewhere: of a port holding the address in
         * another network (every router interface's MAC among them: the cloud's addresses hold theirs; on VXLAN
         * the destination address does not change where a MAC leads), or nobody's.
         */
        private List<String> macsFor(String address, Optional<Endpoint> nextHop) {
            if (mpls()) {
                return List.of(GATEWAY_MAC);
            }
            if (nextHop.isPresent()) {
                return List.of(nextHop.get().mac());
            }
            List<String> macs = new ArrayList<>(List.of(NOBODYS_MAC));
            cloud.endpoints().stream().filter(e -> e.ip().equals(address)).map(Endpoint::mac).forEach(macs::add);
            return macs;
        }

        private Optional<Endpoint> portWithMac(String mac) {
            return cloud.placed().stream().filter(e -> e.network().equals(sender.network()) && e.mac().equals(mac))
                    .findFirst();
        }

        /** As the router's namespace forwards a packet from behind it to each VM of the network, after ARP. */
        void forwardingIntoItsNetwork() {
            List<String> sources = cloud.behind(sender).stream()
                    .map(prefix -> prefix.equals(DEFAULT_ROUTE) ? GeneratedCloud.OUTSIDE_ADDRESS
                            : GeneratedCloud.addressIn(prefix, 9)).toList();
            for (Endpoint vm : cloud.placed()) {
                if (!vm.network().equals(sender.network()) || vm == sender) {
                    continue;
                }
                for (String source : sources) {
                    Packet packet = Packet.ipv4(sender.mac(), mpls() ? GATEWAY_MAC : vm.mac(), source, vm.ip());
                    expectDelivery(packet, send(packet), vm);
                }
            }
        }

        private void expectDelivery(Packet sent, Journey journey, Endpoint receiver) {
            require(journey.fates().size() == 1 && journey.deliveries().size() == 1
                    && journey.deliveries().get(0).host().equals(receiver.host())
                    && journey.deliveries().get(0).ofport() == receiver.ofport(),
                    "exactly one copy, at " + receiver, sent, journey);
            Packet arrived = journey.deliveries().get(0).packet();
            require(arrived.isA(EthType.IPv4) && !arrived.has(MatchField.MPLS_LABEL)
                    && mac(receiver.mac()).equals(arrived.get(MatchField.ETH_DST))
                    && mac(mpls() ? GATEWAY_MAC : sender.mac()).equals(arrived.get(MatchField.ETH_SRC))
                    && sent.get(MatchField.IPV4_SRC).equals(arrived.get(MatchField.IPV4_SRC))
                    && sent.get(MatchField.IPV4_DST).equals(arrived.get(MatchField.IPV4_DST))
                    && arrived.ipTtl() == (mpls() ? Packet.GUEST_TTL - 1 : Packet.GUEST_TTL),
                    "the IPv4 packet for " + receiver.mac() + (mpls() ? " from the gateway MAC, TTL less one" : ""),
                    sent, journey);
        }

        void spoofing() {
            String other = cloud.addresses().stream().filter(a -> !a.equals(sender.ip())).findFirst().orElseThrow();
            for (Packet spoofed : List.of(
                    Packet.ipv4(FOREIGN_MAC, GATEWAY_MAC, sender.ip(), other),
                    Packet.ipv4(sender.mac(), GATEWAY_MAC, other, sender.ip()),
                    Packet.arpRequest(FOREIGN_MAC, sender.ip(), other),
                    Packet.arpRequest(sender.mac(), other, sender.ip()),
                    Packet.arpRequest(sender.mac(), sender.ip(), other).with(MatchField.ARP_SHA,
                            mac(FOREIGN_MAC)))) {
                Journey journey = send(spoofed);
                require(journey.fates().isEmpty(), "dropped: port security", spoofed, journey);
            }
        }

        private Journey send(Packet packet) {
            Journey journey = fabric.send(sender.host(), sender.ofport(), packet);
            require(places(journey).size() == journey.deliveries().size(), "no port reached twice", packet,
                    journey);
            return journey;
        }

        private void require(boolean holds, String expected, Packet sent, Journey journey) {
            if (!holds) {
                throw new AssertionError("from " + sender + " sent " + sent + "\nexpected " + expected + "\n"
                        + journey.describe() + "\n" + cloud);
            }
        }
    }

    private static Set<String> places(Journey journey) {
        return journey.deliveries().stream().map(d -> d.host() + ":" + d.ofport()).collect(Collectors.toSet());
    }

    /** Equal but for the fields the pipeline keeps beside the packet (in_port, metadata, tunnel). */
    private static boolean sameHeaders(Packet a, Packet b) {
        return HeaderFields.headersOnly(a).equals(HeaderFields.headersOnly(b));
    }

    private static MacAddress mac(String text) {
        return MacAddress.of(text);
    }

    private static boolean hasAnAddressInTwoProjects(GeneratedCloud cloud) {
        Set<String> seen = new HashSet<>();
        return cloud.placed().stream().map(vm -> vm.ip() + "@" + vm.network().projectId()).distinct()
                .map(key -> key.substring(0, key.indexOf('@'))).anyMatch(ip -> !seen.add(ip));
    }

    private static boolean hasPeers(GeneratedCloud cloud, boolean sameHost) {
        return cloud.placed().stream().anyMatch(a -> cloud.placed().stream().anyMatch(b -> a != b
                && a.network().equals(b.network()) && a.host().equals(b.host()) == sameHost));
    }
}
