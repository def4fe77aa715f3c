package io.sluice.controller.dhcp;

import static io.sluice.controller.dhcp.ClientFrame.DISCOVER;
import static io.sluice.controller.dhcp.TestLeases.CLIENT;
import static io.sluice.controller.dhcp.TestLeases.FULL;
import static io.sluice.controller.dhcp.TestLeases.OTHER_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectfloodlight.openflow.types.IPv4Address;

/** Anything that is not a well-formed client message gets no answer, and never an exception. */
class MalformedFrameTest {
    private static Optional<byte[]> respond(byte[] frame) {
        return DhcpResponder.respond(frame, mac -> Optional.of(FULL));
    }

    @Test
    void theWellFormedBaselineIsAnswered() {
        assertThat(respond(ClientFrame.of(DISCOVER, CLIENT).build())).isPresent();
    }

    @Test
    void everyTruncationIsIgnored() {
        byte[] frame = ClientFrame.of(DISCOVER, CLIENT).build();
        for (int length = 0; length < frame.length; length++) {
            assertThat(respond(Arrays.copyOf(frame, length))).as("truncated to %d bytes", length).isEmpty();
        }
    }

    static Stream<Arguments> brokenFrames() {
        return Stream.of(
                Arguments.of("a BOOTREPLY", ClientFrame.of(DISCOVER, CLIENT).op(2)),
                Arguments.of("hardware type 6", ClientFrame.of(DISCOVER, CLIENT).htype(6)),
                Arguments.of("hardware address length 0", ClientFrame.of(DISCOVER, CLIENT).hlen(0)),
                Arguments.of("hardware address length 16", ClientFrame.of(DISCOVER, CLIENT).hlen(16)),
                Arguments.of("hardware address length 200", ClientFrame.of(DISCOVER, CLIENT).hlen(200)),
                Arguments.of("no magic cookie", ClientFrame.of(DISCOVER, CLIENT).cookie(0x63825364)),
                Arguments.of("from a relay agent", ClientFrame.of(DISCOVER, CLIENT).giaddr(IPv4Address.of("10.0.0.1"))),
                Arguments.of("relay-to-server ports", ClientFrame.of(DISCOVER, CLIENT).ports(67, 67)),
                Arguments.of("to the client port", ClientFrame.of(DISCOVER, CLIENT).ports(68, 68)),
                Arguments.of("VLAN-tagged", ClientFrame.of(DISCOVER, CLIENT).vlan(100)),
                Arguments.of("a first fragment", ClientFrame.of(DISCOVER, CLIENT).moreFragments()),
                Arguments.of("no END option", ClientFrame.of(DISCOVER, CLIENT).withoutEnd()),
                Arguments.of("no message type", ClientFrame.untyped(CLIENT)),
                Arguments.of("a two-byte message type", ClientFrame.untyped(CLIENT).option(53, (byte) 1, (byte) 1)),
                Arguments.of("message type 0", ClientFrame.of(0, CLIENT)),
                Arguments.of("message type 200", ClientFrame.of(200, CLIENT)),
                Arguments.of("chaddr not the sender", ClientFrame.of(DISCOVER, CLIENT).ethSrc(OTHER_CLIENT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFrames")
    void isIgnored(String what, ClientFrame frame) {
        assertThat(respond(frame.build())).isEmpty();
    }

    @Test
    void anOptionRunningPastTheEndIsIgnored() {
        byte[] frame = ClientFrame.of(DISCOVER, CLIENT).build();
        int end = 14 + 20 + 8 + 240 + 3;
        frame[end] = 12; // END becomes host name, whose length byte (a pad) promises more than the frame has
        frame[end + 1] = (byte) 250;
        assertThat(respond(frame)).isEmpty();
    }

    @Test
    void nonIpv4FramesAreIgnored() {
        byte[] arp = ClientFrame.of(DISCOVER, CLIENT).build();
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertThat(respond(arp)).isEmpty();
    }

    @Test
    void noBitFlipThrows() {
        byte[] frame = ClientFrame.of(DISCOVER, CLIENT).build();
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] flipped = frame.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatCode(() -> respond(flipped)).as("bit %d flipped", bit).doesNotThrowAnyException();
        }
    }

    @Test
    void randomBytesNeverThrowNorGetAnAnswer() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            assertThat(respond(noise)).isEmpty();
        }
    }

    @Test
    void randomBytesBehindValidHeadersNeverThrow() {
        Random random = new Random(7);
        byte[] frame = ClientFrame.of(DISCOVER, CLIENT).build();
        int bootp = 14 + 20 + 8;
        for (int i = 0; i < 5_000; i++) {
            byte[] mangled = frame.clone();
            byte[] noise = new byte[mangled.length - bootp];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, mangled, bootp, noise.length);
            assertThatCode(() -> respond(mangled)).doesNotThrowAnyException();
        }
    }
}
