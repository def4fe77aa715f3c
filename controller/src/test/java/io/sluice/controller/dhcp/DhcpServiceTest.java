package io.sluice.controller.dhcp;

import static io.sluice.controller.dhcp.ClientFrame.DISCOVER;
import static io.sluice.controller.dhcp.TestLeases.CLIENT;
import static io.sluice.controller.dhcp.TestLeases.FULL;
import static io.sluice.controller.dhcp.TestLeases.IP;
import static io.sluice.controller.dhcp.TestLeases.OTHER_CLIENT;
import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static io.sluice.controller.openflow.FakeSwitch.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.openflow.FakeSwitch;
import io.sluice.controller.ratelimit.RateLimit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

class DhcpServiceTest {
    private static final DatapathId DPID = DatapathId.of(0x51CEL);
    private static final OFPort VM_PORT = OFPort.of(10);
    private static final OFPort FLOODER_PORT = OFPort.of(11);
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong();
    /** The model: port 10 is CLIENT's, port 11 is OTHER_CLIENT's (with the same settings). */
    private final LeaseSource leases = (dpid, inPort, mac) -> {
        if (!dpid.equals(DPID)) {
            return Optional.empty();
        }
        if (inPort.equals(VM_PORT) && mac.equals(CLIENT)) {
            return Optional.of(FULL);
        }
        if (inPort.equals(FLOODER_PORT) && mac.equals(OTHER_CLIENT)) {
            return Optional.of(new DhcpLease(OTHER_CLIENT, TestLeases.OTHER_IP, 24, FULL.gateway(),
                    FULL.dnsServers(), FULL.hostRoutes(), FULL.mtu(), FULL.leaseTime(), FULL.serverIp(),
                    FULL.serverMac(), FULL.domainName()));
        }
        return Optional.empty();
    };
    private final DhcpService service = new DhcpService(leases, new RateLimit(10, 20), now::get);
    private final FakeSwitch sw = FakeSwitch.session(DPID, service, port(10, "tap10"), port(11, "tap11"));

    private static OFPacketIn packetIn(OFPort inPort, byte[] frame) {
        return OF13.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER).setTableId(TableId.of(20))
                .setReason(OFPacketInReason.ACTION).setTotalLen(frame.length)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, inPort).build()).setData(frame).build();
    }

    private List<Object> sendFrom(OFPort inPort, byte[] frame, int times) {
        for (int i = 0; i < times; i++) {
            sw.send(packetIn(inPort, frame));
        }
        return sw.received();
    }

    @Test
    void answersThroughAPacketOutToTheIngressPort() {
        sw.send(packetIn(VM_PORT, ClientFrame.of(DISCOVER, CLIENT).build()));

        OFPacketOut out = sw.receivedOnly(OFPacketOut.class);
        assertThat(out.getBufferId()).isEqualTo(OFBufferId.NO_BUFFER);
        assertThat(out.getInPort()).isEqualTo(OFPort.CONTROLLER);
        assertThat(out.getActions()).hasSize(1);
        assertThat(out.getActions().get(0)).isInstanceOfSatisfying(OFActionOutput.class,
                output -> assertThat(output.getPort()).isEqualTo(VM_PORT));
        ReplyFrame offer = ReplyFrame.decode(out.getData());
        assertThat(offer.messageType()).isEqualTo(2);
        assertThat(offer.yiaddr()).isEqualTo(IP);
        assertThat(service.replies()).isEqualTo(1);
    }

    @Test
    void aMacThePortMayNotUseGetsNothing() {
        assertThat(sendFrom(VM_PORT, ClientFrame.of(DISCOVER, OTHER_CLIENT).build(), 1)).isEmpty();
        assertThat(sendFrom(OFPort.of(12), ClientFrame.of(DISCOVER, CLIENT).build(), 1)).isEmpty();
    }

    @Test
    void otherPacketInsAreLeftAlone() {
        byte[] notDhcp = ClientFrame.of(DISCOVER, CLIENT).ports(68, 5353).build();
        assertThat(sendFrom(VM_PORT, notDhcp, 30)).isEmpty();
        assertThat(service.rateLimited()).as("they use none of the port's DHCP budget").isZero();
        assertThat(sendFrom(VM_PORT, ClientFrame.of(DISCOVER, CLIENT).build(), 1)).hasSize(1);
    }

    @Test
    void aFloodingPortIsLimitedWithoutStarvingOthers() {
        byte[] flood = ClientFrame.of(DISCOVER, OTHER_CLIENT).build();
        assertThat(sendFrom(FLOODER_PORT, flood, 50)).hasSize(20);
        assertThat(service.rateLimited()).isEqualTo(30);

        assertThat(sendFrom(VM_PORT, ClientFrame.of(DISCOVER, CLIENT).build(), 1)).as("another port").hasSize(1);

        now.addAndGet(SECOND);
        assertThat(sendFrom(FLOODER_PORT, flood, 50)).as("10 per second after the burst").hasSize(10);
        assertThat(service.rateLimited()).isEqualTo(70);
    }

    @Test
    void aDeletedPortStartsAfreshWhenItReturns() {
        byte[] flood = ClientFrame.of(DISCOVER, OTHER_CLIENT).build();
        sendFrom(FLOODER_PORT, flood, 25);
        sw.send(OF13.buildPortStatus().setReason(OFPortReason.DELETE).setDesc(port(11, "tap11")).build());
        assertThat(sendFrom(FLOODER_PORT, flood, 25)).hasSize(20);
    }

    @Test
    void aFailingLeaseLookupKeepsTheSwitchConnected() {
        DhcpService failing = new DhcpService((dpid, inPort, mac) -> {
            throw new IllegalStateException("model unavailable");
        }, DhcpService.PER_PORT_LIMIT);
        FakeSwitch other = FakeSwitch.session(DPID, failing, port(10, "tap10"));
        other.send(packetIn(VM_PORT, ClientFrame.of(DISCOVER, CLIENT).build()));
        assertThat(other.received()).isEmpty();
        assertThat(other.channel().isActive()).isTrue();
    }
}
