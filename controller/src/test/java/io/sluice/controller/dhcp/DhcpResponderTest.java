package io.sluice.controller.dhcp;

import static io.sluice.controller.dhcp.ClientFrame.DECLINE;
import static io.sluice.controller.dhcp.ClientFrame.DISCOVER;
import static io.sluice.controller.dhcp.ClientFrame.INFORM;
import static io.sluice.controller.dhcp.ClientFrame.RELEASE;
import static io.sluice.controller.dhcp.ClientFrame.REQUEST;
import static io.sluice.controller.dhcp.TestLeases.CLIENT;
import static io.sluice.controller.dhcp.TestLeases.DNS1;
import static io.sluice.controller.dhcp.TestLeases.DNS2;
import static io.sluice.controller.dhcp.TestLeases.FULL;
import static io.sluice.controller.dhcp.TestLeases.GATEWAY;
import static io.sluice.controller.dhcp.TestLeases.IP;
import static io.sluice.controller.dhcp.TestLeases.MINIMAL;
import static io.sluice.controller.dhcp.TestLeases.OTHER_CLIENT;
import static io.sluice.controller.dhcp.TestLeases.OTHER_IP;
import static io.sluice.controller.dhcp.TestLeases.OTHER_SERVER;
import static io.sluice.controller.dhcp.TestLeases.SERVER;
import static io.sluice.controller.dhcp.TestLeases.SERVER_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

class DhcpResponderTest {
    private static final IPv4Address LIMITED_BROADCAST = IPv4Address.of("255.255.255.255");
    private static final int OFFER = 2;
    private static final int ACK = 5;
    private static final int NAK = 6;

    private final List<MacAddress> lookedUp = new ArrayList<>();

    private Optional<ReplyFrame> respond(ClientFrame client, DhcpLease lease) {
        return DhcpResponder.respond(client.build(), mac -> {
            lookedUp.add(mac);
            return Optional.of(lease);
        }).map(ReplyFrame::decode);
    }

    private ReplyFrame reply(ClientFrame client, DhcpLease lease) {
        Optional<ReplyFrame> reply = respond(client, lease);
        assertThat(reply).as("a reply").isPresent();
        return reply.get();
    }

    @Test
    void discoverIsOfferedTheLeaseWithEveryOption() {
        ReplyFrame offer = reply(ClientFrame.of(DISCOVER, CLIENT).xid(0xCAFE), FULL);

        assertThat(lookedUp).containsExactly(CLIENT);
        assertThat(offer.messageType()).isEqualTo(OFFER);
        assertThat(offer.xid()).isEqualTo(0xCAFE);
        assertThat(offer.yiaddr()).isEqualTo(IP);
        assertThat(offer.ciaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(offer.siaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(offer.giaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(offer.chaddr()).isEqualTo(CLIENT);
        assertThat(offer.flags()).isZero();
        assertThat(offer.ethSrc()).isEqualTo(SERVER_MAC);
        assertThat(offer.ipSrc()).isEqualTo(SERVER);
        assertThat(offer.ttl()).isEqualTo(64);
        assertThat(offer.optionCodes()).containsExactly(53, 54, 51, 58, 59, 1, 3, 6, 15, 26, 121);
        assertThat(offer.addressOption(54)).isEqualTo(SERVER);
        assertThat(offer.u32Option(51)).isEqualTo(86_400);
        assertThat(offer.u32Option(58)).isEqualTo(43_200);
        assertThat(offer.u32Option(59)).isEqualTo(75_600);
        assertThat(offer.addressOption(1)).isEqualTo(IPv4Address.of("255.255.255.0"));
        assertThat(offer.addressOption(3)).isEqualTo(GATEWAY);
        assertThat(offer.addressListOption(6)).containsExactly(DNS1, DNS2);
        assertThat(new String(offer.option(15), StandardCharsets.US_ASCII)).isEqualTo("sluice.test");
        assertThat(offer.u16Option(26)).isEqualTo(1450);
        // 10.30.0.0/16 via .254, 169.254.169.254/32 via the server, and the default route via the gateway
        assertThat(HexFormat.of().formatHex(offer.option(121)))
                .isEqualTo("100a1e" + "0a1400fe" + "20a9fea9fe" + "0a140002" + "00" + "0a140001");
    }

    @Test
    void withoutTheBroadcastFlagTheOfferIsUnicastToTheNewAddress() {
        ReplyFrame offer = reply(ClientFrame.of(DISCOVER, CLIENT), FULL);
        assertThat(offer.ethDst()).isEqualTo(CLIENT);
        assertThat(offer.ipDst()).isEqualTo(IP);
    }

    @Test
    void withTheBroadcastFlagTheOfferIsBroadcastAndTheFlagEchoed() {
        ReplyFrame offer = reply(ClientFrame.of(DISCOVER, CLIENT).broadcastFlag(), FULL);
        assertThat(offer.ethDst()).isEqualTo(MacAddress.BROADCAST);
        assertThat(offer.ipDst()).isEqualTo(LIMITED_BROADCAST);
        assertThat(offer.flags()).isEqualTo(0x8000);
    }

    @Test
    void optionsTheLeaseLacksAreLeftOut() {
        ReplyFrame offer = reply(ClientFrame.of(DISCOVER, CLIENT), MINIMAL);
        assertThat(offer.optionCodes()).containsExactly(53, 54, 51, 58, 59, 1, 26);
        assertThat(offer.u16Option(26)).isEqualTo(1500);
    }

    @Test
    void withoutAGatewayTheRoutesGetNoDefaultRoute() {
        ReplyFrame offer = reply(ClientFrame.of(DISCOVER, CLIENT),
                TestLeases.withRoutes(MINIMAL, List.of(ClasslessRoute.of("10.30.0.0/16", "10.20.0.254"))));
        assertThat(offer.optionCodes()).doesNotContain(3);
        assertThat(HexFormat.of().formatHex(offer.option(121))).isEqualTo("100a1e0a1400fe");
    }

    @Test
    void aDefaultHostRouteIsNotRepeated() {
        ReplyFrame offer = reply(ClientFrame.of(DISCOVER, CLIENT),
                TestLeases.withRoutes(FULL, List.of(ClasslessRoute.of("0.0.0.0/0", "10.20.0.254"))));
        assertThat(HexFormat.of().formatHex(offer.option(121))).isEqualTo("000a1400fe");
    }

    @Test
    void clientIdentifierIsEchoed() {
        byte[] id = {1, (byte) 0xfa, 0x16, 0x3e, 0, 0, 5};
        assertThat(reply(ClientFrame.of(DISCOVER, CLIENT).option(61, id), FULL).option(61)).isEqualTo(id);
        assertThat(reply(ClientFrame.of(REQUEST, CLIENT).requestedIp(OTHER_IP).option(61, id), FULL).option(61))
                .isEqualTo(id);
    }

    @Test
    void selectingRequestForOurOfferIsAcked() {
        ReplyFrame ack = reply(ClientFrame.of(REQUEST, CLIENT).serverId(SERVER).requestedIp(IP), FULL);
        assertThat(ack.messageType()).isEqualTo(ACK);
        assertThat(ack.yiaddr()).isEqualTo(IP);
        assertThat(ack.ciaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(ack.ethDst()).isEqualTo(CLIENT);
        assertThat(ack.ipDst()).isEqualTo(IP);
        assertThat(ack.optionCodes()).containsExactly(53, 54, 51, 58, 59, 1, 3, 6, 15, 26, 121);
    }

    @Test
    void selectingAnotherServersOfferIsIgnored() {
        assertThat(respond(ClientFrame.of(REQUEST, CLIENT).serverId(OTHER_SERVER).requestedIp(IP), FULL)).isEmpty();
    }

    @Test
    void selectingAnotherAddressIsRefusedWithABroadcastNak() {
        ReplyFrame nak = reply(ClientFrame.of(REQUEST, CLIENT).serverId(SERVER).requestedIp(OTHER_IP), FULL);
        assertNak(nak);
    }

    @Test
    void selectingWithoutARequestedAddressIsIgnored() {
        assertThat(respond(ClientFrame.of(REQUEST, CLIENT).serverId(SERVER), FULL)).isEmpty();
    }

    @Test
    void initRebootIsAckedForTheLeaseAddressAndRefusedForAnother() {
        assertThat(reply(ClientFrame.of(REQUEST, CLIENT).requestedIp(IP), FULL).messageType()).isEqualTo(ACK);
        assertNak(reply(ClientFrame.of(REQUEST, CLIENT).requestedIp(OTHER_IP), FULL));
    }

    @Test
    void renewalIsAckedByUnicastToTheClientsAddress() {
        ReplyFrame ack = reply(ClientFrame.of(REQUEST, CLIENT).ciaddr(IP), FULL);
        assertThat(ack.messageType()).isEqualTo(ACK);
        assertThat(ack.ciaddr()).isEqualTo(IP);
        assertThat(ack.yiaddr()).isEqualTo(IP);
        assertThat(ack.ethDst()).isEqualTo(CLIENT);
        assertThat(ack.ipDst()).isEqualTo(IP);
        assertThat(ack.u32Option(51)).isEqualTo(86_400);
    }

    @Test
    void aClientWithAnAddressGetsUnicastEvenWithTheBroadcastFlag() {
        ReplyFrame ack = reply(ClientFrame.of(REQUEST, CLIENT).ciaddr(IP).broadcastFlag(), FULL);
        assertThat(ack.ethDst()).isEqualTo(CLIENT);
        assertThat(ack.ipDst()).isEqualTo(IP);
    }

    @Test
    void renewalOfAnotherAddressIsRefused() {
        assertNak(reply(ClientFrame.of(REQUEST, CLIENT).ciaddr(OTHER_IP), FULL));
    }

    @Test
    void requestNamingNoAddressIsIgnored() {
        assertThat(respond(ClientFrame.of(REQUEST, CLIENT), FULL)).isEmpty();
    }

    @Test
    void informIsAnsweredWithParametersButNoLease() {
        ReplyFrame ack = reply(ClientFrame.of(INFORM, CLIENT).ciaddr(IP), FULL);
        assertThat(ack.messageType()).isEqualTo(ACK);
        assertThat(ack.yiaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(ack.ciaddr()).isEqualTo(IP);
        assertThat(ack.ethDst()).isEqualTo(CLIENT);
        assertThat(ack.ipDst()).isEqualTo(IP);
        assertThat(ack.optionCodes()).containsExactly(53, 54, 1, 3, 6, 15, 26, 121);
    }

    @Test
    void informFromAnyOtherAddressIsIgnored() {
        assertThat(respond(ClientFrame.of(INFORM, CLIENT).ciaddr(OTHER_IP), FULL)).isEmpty();
        assertThat(respond(ClientFrame.of(INFORM, CLIENT), FULL)).isEmpty();
    }

    @Test
    void releaseAndDeclineGetNoAnswer() {
        assertThat(respond(ClientFrame.of(RELEASE, CLIENT).ciaddr(IP).serverId(SERVER), FULL)).isEmpty();
        assertThat(respond(ClientFrame.of(DECLINE, CLIENT).requestedIp(IP).serverId(SERVER), FULL)).isEmpty();
    }

    @Test
    void serverMessagesSentByAClientGetNoAnswer() {
        for (int serverType : new int[] {OFFER, ACK, NAK}) {
            assertThat(respond(ClientFrame.of(serverType, CLIENT), FULL)).as("type %d", serverType).isEmpty();
        }
    }

    @Test
    void aMacWithoutALeaseGetsNoAnswer() {
        assertThat(DhcpResponder.respond(ClientFrame.of(DISCOVER, CLIENT).build(), mac -> Optional.empty()))
                .isEmpty();
    }

    @Test
    void aLeaseForAnotherMacIsNeverHandedOut() {
        assertThat(DhcpResponder.respond(ClientFrame.of(DISCOVER, OTHER_CLIENT).build(), mac -> Optional.of(FULL)))
                .isEmpty();
    }

    @Test
    void aClientCannotAskForAnotherMacsLease() {
        assertThat(respond(ClientFrame.of(DISCOVER, CLIENT).ethSrc(OTHER_CLIENT), FULL)).isEmpty();
        assertThat(lookedUp).as("no lookup for a spoofed chaddr").isEmpty();
    }

    private static void assertNak(ReplyFrame nak) {
        assertThat(nak.messageType()).isEqualTo(NAK);
        assertThat(nak.optionCodes()).containsExactly(53, 54);
        assertThat(nak.addressOption(54)).isEqualTo(SERVER);
        assertThat(nak.yiaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(nak.ciaddr()).isEqualTo(IPv4Address.NONE);
        assertThat(nak.ethDst()).isEqualTo(MacAddress.BROADCAST);
        assertThat(nak.ipDst()).isEqualTo(LIMITED_BROADCAST);
        assertThat(nak.ethSrc()).isEqualTo(SERVER_MAC);
        assertThat(nak.ipSrc()).isEqualTo(SERVER);
    }
}
