package io.sluice.controller.dhcp;

import static io.sluice.controller.dhcp.ClientFrame.DISCOVER;
import static io.sluice.controller.dhcp.ClientFrame.REQUEST;
import static io.sluice.controller.dhcp.TestLeases.CLIENT;
import static io.sluice.controller.dhcp.TestLeases.IP;
import static io.sluice.controller.dhcp.TestLeases.SERVER;
import static io.sluice.controller.dhcp.TestLeases.SERVER_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.dhcp.DhcpReply.Option;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.DHCP.DHCPOptionCode;
import org.onlab.packet.DHCP.MsgType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

class DhcpCodecTest {
    @Test
    void readsEveryFieldOfAClientMessage() {
        byte[] clientId = {1, 2, 3};
        DhcpRequest request = DhcpCodec.parse(ClientFrame.of(REQUEST, CLIENT).xid(0xDEADBEEF).broadcastFlag()
                .ciaddr(IP).requestedIp(IPv4Address.of("10.20.0.6")).serverId(SERVER).option(61, clientId)
                .build()).orElseThrow();

        assertThat(request.type()).isEqualTo(MsgType.DHCPREQUEST);
        assertThat(request.xid()).isEqualTo(0xDEADBEEF);
        assertThat(request.flags()).isEqualTo((short) 0x8000);
        assertThat(request.wantsBroadcast()).isTrue();
        assertThat(request.ciaddr()).isEqualTo(IP);
        assertThat(request.clientMac()).isEqualTo(CLIENT);
        assertThat(request.requestedIp()).contains(IPv4Address.of("10.20.0.6"));
        assertThat(request.serverId()).contains(SERVER);
        assertThat(request.clientId()).hasValueSatisfying(id -> assertThat(id).isEqualTo(clientId));
    }

    @Test
    void absentOptionsReadAsEmpty() {
        DhcpRequest request = DhcpCodec.parse(ClientFrame.of(DISCOVER, CLIENT).build()).orElseThrow();
        assertThat(request.wantsBroadcast()).isFalse();
        assertThat(request.ciaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(request.requestedIp()).isEmpty();
        assertThat(request.serverId()).isEmpty();
        assertThat(request.clientId()).isEmpty();
    }

    @Test
    void anAddressOptionOfTheWrongLengthReadsAsAbsent() {
        DhcpRequest request = DhcpCodec.parse(ClientFrame.of(REQUEST, CLIENT).option(50, (byte) 10, (byte) 20)
                .build()).orElseThrow();
        assertThat(request.requestedIp()).isEmpty();
    }

    @Test
    void encodesEveryFieldAndOptionOfAReply() {
        DhcpReply reply = new DhcpReply(CLIENT, IP, SERVER_MAC, SERVER, 0x01020304, (short) 0x8000,
                IPv4Address.of("10.20.0.7"), IP, CLIENT, List.of(
                        new Option(DHCPOptionCode.OptionCode_MessageType, new byte[] {5}),
                        new Option(DHCPOptionCode.OptionCode_DHCPServerIp, SERVER.getBytes()),
                        new Option(DHCPOptionCode.OptionCode_DomainName, new byte[255])));

        ReplyFrame frame = ReplyFrame.decode(DhcpCodec.encode(reply));

        assertThat(frame.ethDst()).isEqualTo(CLIENT);
        assertThat(frame.ethSrc()).isEqualTo(SERVER_MAC);
        assertThat(frame.ipDst()).isEqualTo(IP);
        assertThat(frame.ipSrc()).isEqualTo(SERVER);
        assertThat(frame.xid()).isEqualTo(0x01020304);
        assertThat(frame.flags()).isEqualTo(0x8000);
        assertThat(frame.ciaddr()).isEqualTo(IPv4Address.of("10.20.0.7"));
        assertThat(frame.yiaddr()).isEqualTo(IP);
        assertThat(frame.chaddr()).isEqualTo(CLIENT);
        assertThat(frame.optionCodes()).containsExactly(53, 54, 15);
        assertThat(frame.messageType()).isEqualTo(5);
        assertThat(frame.addressOption(54)).isEqualTo(SERVER);
        assertThat(frame.option(15)).hasSize(255);
    }

    @Test
    void aShortReplyIsPaddedToTheMinimumBootpSize() {
        DhcpReply reply = new DhcpReply(MacAddress.BROADCAST, IPv4Address.of(-1), SERVER_MAC, SERVER, 1, (short) 0,
                IPv4Address.NONE, IPv4Address.NONE, CLIENT,
                List.of(new Option(DHCPOptionCode.OptionCode_MessageType, new byte[] {6})));
        byte[] frame = DhcpCodec.encode(reply);
        assertThat(frame).hasSize(14 + 20 + 8 + 300);
        assertThat(ReplyFrame.decode(frame).optionCodes()).containsExactly(53);
    }

    @Test
    void recognisesDatagramsToTheServerPortFromTheirHeaders() {
        assertThat(DhcpCodec.isToServerPort(ClientFrame.of(DISCOVER, CLIENT).build())).isTrue();
        assertThat(DhcpCodec.isToServerPort(ClientFrame.of(DISCOVER, CLIENT).ports(68, 68).build())).isFalse();
        assertThat(DhcpCodec.isToServerPort(ClientFrame.of(DISCOVER, CLIENT).vlan(5).build())).isFalse();
        byte[] tcp = ClientFrame.of(DISCOVER, CLIENT).build();
        tcp[14 + 9] = 6;
        assertThat(DhcpCodec.isToServerPort(tcp)).isFalse();
        assertThat(DhcpCodec.isToServerPort(new byte[41])).isFalse();
    }
}
