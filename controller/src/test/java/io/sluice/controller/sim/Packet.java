package io.sluice.controller.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * A packet as the flow tables see it: the values of the header fields it has (a field it lacks matches no
 * flow that names it), including the pipeline's own (in_port, metadata, tunnel fields), and the IPv4 TTL,
 * which OpenFlow can change but not match. Immutable: every change makes a new packet, so an ALL group's
 * buckets each work on their own copy.
 *
 * @param ipTtl the IPv4 header's TTL (meaningless for other packets)
 */
public record Packet(Map<MatchField<?>, OFValueType<?>> fields, int ipTtl) {
    /** What a Linux guest puts in a fresh IPv4 header. */
    public static final int GUEST_TTL = 64;

    public Packet {
        fields = Map.copyOf(fields);
    }

    @SuppressWarnings("unchecked")
    public <T extends OFValueType<T>> T get(MatchField<T> field) {
        return (T) fields.get(field);
    }

    public boolean has(MatchField<?> field) {
        return fields.containsKey(field);
    }

    public Packet with(MatchField<?> field, OFValueType<?> value) {
        Map<MatchField<?>, OFValueType<?>> changed = new LinkedHashMap<>(fields);
        changed.put(field, value);
        return new Packet(changed, ipTtl);
    }

    public Packet without(MatchField<?> field) {
        if (!fields.containsKey(field)) {
            return this;
        }
        Map<MatchField<?>, OFValueType<?>> changed = new LinkedHashMap<>(fields);
        changed.remove(field);
        return new Packet(changed, ipTtl);
    }

    public Packet withIpTtl(int ttl) {
        return new Packet(fields, ttl);
    }

    public boolean isA(EthType type) {
        return type.equals(fields.get(MatchField.ETH_TYPE));
    }

    public static Packet ethernet(String src, String dst, EthType type) {
        return new Packet(Map.of(MatchField.ETH_SRC, MacAddress.of(src), MatchField.ETH_DST, MacAddress.of(dst),
                MatchField.ETH_TYPE, type), 0);
    }

    /** An ICMP packet with a guest's usual TTL. */
    public static Packet ipv4(String srcMac, String dstMac, String srcIp, String dstIp) {
        return ethernet(srcMac, dstMac, EthType.IPv4).with(MatchField.IPV4_SRC, IPv4Address.of(srcIp))
                .with(MatchField.IPV4_DST, IPv4Address.of(dstIp)).with(MatchField.IP_PROTO, IpProtocol.ICMP)
                .withIpTtl(GUEST_TTL);
    }

    /** Who has {@code targetIp}? Broadcast, sender's MAC in arp_sha. */
    public static Packet arpRequest(String srcMac, String srcIp, String targetIp) {
        return ethernet(srcMac, "ff:ff:ff:ff:ff:ff", EthType.ARP).with(MatchField.ARP_OP, ArpOpcode.REQUEST)
                .with(MatchField.ARP_SHA, MacAddress.of(srcMac)).with(MatchField.ARP_SPA, IPv4Address.of(srcIp))
                .with(MatchField.ARP_THA, MacAddress.NONE).with(MatchField.ARP_TPA, IPv4Address.of(targetIp));
    }

    /** A DHCPDISCOVER: broadcast from 0.0.0.0:68 to 255.255.255.255:67. */
    public static Packet dhcpDiscover(String mac) {
        return ethernet(mac, "ff:ff:ff:ff:ff:ff", EthType.IPv4).with(MatchField.IPV4_SRC, IPv4Address.NONE)
                .with(MatchField.IPV4_DST, IPv4Address.NO_MASK).with(MatchField.IP_PROTO, IpProtocol.UDP)
                .with(MatchField.UDP_SRC, TransportPort.of(68)).with(MatchField.UDP_DST, TransportPort.of(67))
                .withIpTtl(GUEST_TTL);
    }

    @Override
    public String toString() {
        return fields.entrySet().stream().map(e -> e.getKey().getName() + "=" + e.getValue())
                .sorted().collect(Collectors.joining(",", "[", isA(EthType.IPv4) ? ",ttl=" + ipTtl + "]" : "]"));
    }
}
