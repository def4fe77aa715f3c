package io.sluice.controller.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * A reply frame read back field by field, independently of the codec under test, as a client would read it.
 * Decoding asserts what every reply must satisfy: IPv4 without options or fragmentation, a valid header
 * checksum, UDP 67 to 68 with lengths that agree and a valid checksum over the pseudo-header, BOOTP reply
 * with the magic cookie, and options ending with END.
 */
record ReplyFrame(MacAddress ethDst, MacAddress ethSrc, IPv4Address ipSrc, IPv4Address ipDst, int ttl, int xid,
                  int flags, IPv4Address ciaddr, IPv4Address yiaddr, IPv4Address siaddr, IPv4Address giaddr,
                  MacAddress chaddr, Map<Integer, byte[]> options) {
    static ReplyFrame decode(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        MacAddress ethDst = MacAddress.of(Arrays.copyOfRange(frame, 0, 6));
        MacAddress ethSrc = MacAddress.of(Arrays.copyOfRange(frame, 6, 12));
        assertThat(b.getShort(12)).as("ethertype").isEqualTo((short) 0x0800);
        byte[] ipHeader = Arrays.copyOfRange(frame, 14, 34);
        assertThat(ipHeader[0]).as("IPv4 version and header length").isEqualTo((byte) 0x45);
        int ipLength = b.getShort(16) & 0xFFFF;
        assertThat(14 + ipLength).as("IP total length").isEqualTo(frame.length);
        assertThat(b.getShort(20) & 0x3FFF).as("MF flag and fragment offset").isZero();
        assertThat(ipHeader[9]).as("protocol").isEqualTo((byte) 17);
        assertThat(Checksums.internet(ipHeader)).as("IPv4 header checksum verifies").isZero();
        byte[] udp = Arrays.copyOfRange(frame, 34, frame.length);
        ByteBuffer u = ByteBuffer.wrap(udp);
        assertThat(u.getShort(0) & 0xFFFF).as("UDP source port").isEqualTo(67);
        assertThat(u.getShort(2) & 0xFFFF).as("UDP destination port").isEqualTo(68);
        assertThat(u.getShort(4) & 0xFFFF).as("UDP length").isEqualTo(udp.length);
        assertThat(u.getShort(6)).as("UDP checksum is present").isNotZero();
        byte[] src = Arrays.copyOfRange(ipHeader, 12, 16);
        byte[] dst = Arrays.copyOfRange(ipHeader, 16, 20);
        assertThat(Checksums.internet(Checksums.pseudoHeader(src, dst, udp.length), udp))
                .as("UDP checksum with pseudo-header verifies").isZero();
        ByteBuffer d = ByteBuffer.wrap(udp, 8, udp.length - 8).slice();
        assertThat(udp.length - 8).as("BOOTP message length").isGreaterThanOrEqualTo(300);
        assertThat(d.get(0)).as("op BOOTREPLY").isEqualTo((byte) 2);
        assertThat(d.get(1)).as("htype").isEqualTo((byte) 1);
        assertThat(d.get(2)).as("hlen").isEqualTo((byte) 6);
        assertThat(d.getInt(236)).as("magic cookie").isEqualTo(ClientFrame.MAGIC_COOKIE);
        byte[] chaddr = new byte[6];
        d.get(28, chaddr);
        return new ReplyFrame(ethDst, ethSrc, IPv4Address.of(src), IPv4Address.of(dst), ipHeader[8] & 0xFF,
                d.getInt(4), d.getShort(10) & 0xFFFF, address(d, 12), address(d, 16), address(d, 20),
                address(d, 24), MacAddress.of(chaddr), options(d));
    }

    /** Options in wire order, END required; PAD skipped. */
    private static Map<Integer, byte[]> options(ByteBuffer d) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        int at = 240;
        while (true) {
            assertThat(at).as("options end with END before the message does").isLessThan(d.limit());
            int code = d.get(at) & 0xFF;
            if (code == 255) {
                return options;
            }
            if (code == 0) {
                at++;
                continue;
            }
            int length = d.get(at + 1) & 0xFF;
            byte[] data = new byte[length];
            d.get(at + 2, data);
            assertThat(options.put(code, data)).as("option %d appears once", code).isNull();
            at += 2 + length;
        }
    }

    private static IPv4Address address(ByteBuffer d, int at) {
        return IPv4Address.of(d.getInt(at));
    }

    List<Integer> optionCodes() {
        return new ArrayList<>(options.keySet());
    }

    int messageType() {
        return options.get(53)[0];
    }

    byte[] option(int code) {
        assertThat(options).as("options").containsKey(code);
        return options.get(code);
    }

    IPv4Address addressOption(int code) {
        assertThat(option(code)).hasSize(4);
        return IPv4Address.of(option(code));
    }

    List<IPv4Address> addressListOption(int code) {
        byte[] data = option(code);
        assertThat(data.length % 4).as("option %d is a list of addresses", code).isZero();
        List<IPv4Address> list = new ArrayList<>();
        for (int i = 0; i < data.length; i += 4) {
            list.add(IPv4Address.of(Arrays.copyOfRange(data, i, i + 4)));
        }
        return list;
    }

    long u32Option(int code) {
        assertThat(option(code)).hasSize(4);
        return ByteBuffer.wrap(option(code)).getInt() & 0xFFFFFFFFL;
    }

    int u16Option(int code) {
        assertThat(option(code)).hasSize(2);
        return ByteBuffer.wrap(option(code)).getShort() & 0xFFFF;
    }
}
