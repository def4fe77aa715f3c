package io.sluice.controller.compile;

import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/** Match fields written as ovs-ofctl names them (in_port=1, ipv4_dst=10.0.0.0/24, ...). */
final class MatchFieldText {
    private MatchFieldText() {
    }

    static void set(Match.Builder match, String name, String value) {
        switch (name) {
            case "in_port" -> match.setExact(MatchField.IN_PORT, OFPort.of(integer(value, 0xFFFFFF00L)));
            case "eth_type" -> match.setExact(MatchField.ETH_TYPE, EthType.of(integer(value, 0xFFFF)));
            case "eth_src" -> match.setExact(MatchField.ETH_SRC, MacAddress.of(value));
            case "eth_dst" -> match.setExact(MatchField.ETH_DST, MacAddress.of(value));
            case "ip_proto" -> match.setExact(MatchField.IP_PROTO, IpProtocol.of((short) integer(value, 0xFF)));
            case "ipv4_src" -> setIpv4(match, MatchField.IPV4_SRC, value);
            case "ipv4_dst" -> setIpv4(match, MatchField.IPV4_DST, value);
            case "arp_op" -> match.setExact(MatchField.ARP_OP, ArpOpcode.of(integer(value, 0xFFFF)));
            case "arp_spa" -> setIpv4(match, MatchField.ARP_SPA, value);
            case "arp_tpa" -> setIpv4(match, MatchField.ARP_TPA, value);
            case "tcp_src" -> match.setExact(MatchField.TCP_SRC, TransportPort.of(integer(value, 0xFFFF)));
            case "tcp_dst" -> match.setExact(MatchField.TCP_DST, TransportPort.of(integer(value, 0xFFFF)));
            case "udp_src" -> match.setExact(MatchField.UDP_SRC, TransportPort.of(integer(value, 0xFFFF)));
            case "udp_dst" -> match.setExact(MatchField.UDP_DST, TransportPort.of(integer(value, 0xFFFF)));
            case "tun_id" -> match.setExact(MatchField.TUNNEL_ID, U64.of(Long.decode(value)));
            case "metadata" -> match.setExact(MatchField.METADATA, OFMetadata.ofRaw(Long.decode(value)));
            default -> throw new IllegalArgumentException("unknown match field " + name);
        }
    }

    private static void setIpv4(Match.Builder match, MatchField<IPv4Address> field, String value) {
        IPv4AddressWithMask masked = IPv4AddressWithMask.of(value);
        if (masked.getMask().equals(IPv4Address.NO_MASK)) {
            match.setExact(field, masked.getValue());
        } else {
            match.setMasked(field, masked.getValue(), masked.getMask());
        }
    }

    static int integer(String value, long max) {
        long parsed;
        try {
            parsed = Long.decode(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + value);
        }
        if (parsed < 0 || parsed > max) {
            throw new IllegalArgumentException(value + " is out of range 0.." + max);
        }
        return (int) parsed;
    }
}
