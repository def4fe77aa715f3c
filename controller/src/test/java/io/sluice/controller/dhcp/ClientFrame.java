package io.sluice.controller.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;

/**
 * A DHCP client's frame, built byte by byte as RFC 2131 lays it out, independently of the codec under test.
 * Every field has a well-formed default; the setters exist to break one field at a time.
 */
final class ClientFrame {
    static final int DISCOVER = 1;
    static final int REQUEST = 3;
    static final int DECLINE = 4;
    static final int RELEASE = 7;
    static final int INFORM = 8;
    static final int MAGIC_COOKIE = 0x63825363;

    private MacAddress ethSrc;
    private MacAddress chaddr;
    private int op = 1;
    private int htype = 1;
    private int hlen = 6;
    private int xid = 0x1234ABCD;
    private int flags;
    private IPv4Address ciaddr = IPv4Address.NONE;
    private IPv4Address giaddr = IPv4Address.NONE;
    private int cookie = MAGIC_COOKIE;
    private int srcPort = 68;
    private int dstPort = 67;
    private int vlan = -1;
    private boolean moreFragments;
    private boolean end = true;
    private final ByteArrayOutputStream options = new ByteArrayOutputStream();

    private ClientFrame(MacAddress mac) {
        this.ethSrc = mac;
        this.chaddr = mac;
    }

    /** A message of the given type (option 53) from a client with this MAC. */
    static ClientFrame of(int type, MacAddress mac) {
        return new ClientFrame(mac).option(53, (byte) type);
    }

    /** A message with no option 53 at all. */
    static ClientFrame untyped(MacAddress mac) {
        return new ClientFrame(mac);
    }

    ClientFrame option(int code, byte... data) {
        options.write(code);
        options.write(data.length);
        options.writeBytes(data);
        return this;
    }

    ClientFrame requestedIp(IPv4Address ip) {
        return option(50, ip.getBytes());
    }

    ClientFrame serverId(IPv4Address ip) {
        return option(54, ip.getBytes());
    }

    ClientFrame ciaddr(IPv4Address ip) {
        ciaddr = ip;
        return this;
    }

    ClientFrame broadcastFlag() {
        flags = 0x8000;
        return this;
    }

    ClientFrame xid(int value) {
        xid = value;
        return this;
    }

    ClientFrame ethSrc(MacAddress mac) {
        ethSrc = mac;
        return this;
    }

    ClientFrame op(int value) {
        op = value;
        return this;
    }

    ClientFrame htype(int value) {
        htype = value;
        return this;
    }

    ClientFrame hlen(int value) {
        hlen = value;
        return this;
    }

    ClientFrame giaddr(IPv4Address ip) {
        giaddr = ip;
        return this;
    }

    ClientFrame cookie(int value) {
        cookie = value;
        return this;
    }

    ClientFrame ports(int source, int destination) {
        srcPort = source;
        dstPort = destination;
        return this;
    }

    ClientFrame vlan(int id) {
        vlan = id;
        return this;
    }

    ClientFrame moreFragments() {
        moreFragments = true;
        return this;
    }

    ClientFrame withoutEnd() {
        end = false;
        return this;
    }

    byte[] build() {
        byte[] dhcp = bootp();
        byte[] source = ciaddr.getBytes();
        byte[] destination = IPv4Address.of(0xFFFFFFFF).getBytes();
        ByteBuffer udp = ByteBuffer.allocate(8 + dhcp.length);
        udp.putShort((short) srcPort).putShort((short) dstPort).putShort((short) udp.capacity()).putShort((short) 0)
                .put(dhcp);
        udp.putShort(6, (short) Checksums.internet(Checksums.pseudoHeader(source, destination, udp.capacity()),
                udp.array()));
        ByteBuffer ip = ByteBuffer.allocate(20);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udp.capacity())).putShort((short) 0)
                .putShort((short) (moreFragments ? 0x2000 : 0)).put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(source).put(destination);
        ip.putShort(10, (short) Checksums.internet(ip.array()));
        ByteBuffer eth = ByteBuffer.allocate(14 + (vlan >= 0 ? 4 : 0) + 20 + udp.capacity());
        eth.put(MacAddress.BROADCAST.getBytes()).put(ethSrc.getBytes());
        if (vlan >= 0) {
            eth.putShort((short) 0x8100).putShort((short) vlan);
        }
        eth.putShort((short) 0x0800).put(ip.array()).put(udp.array());
        return eth.array();
    }

    /** The BOOTP message: 236-byte header, cookie, options, END, padded to BOOTP's 300 bytes. */
    private byte[] bootp() {
        byte[] opts = options.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(Math.max(300, 240 + opts.length + 1));
        b.put((byte) op).put((byte) htype).put((byte) hlen).put((byte) 0).putInt(xid).putShort((short) 0)
                .putShort((short) flags).put(ciaddr.getBytes()).putInt(0).putInt(0).put(giaddr.getBytes());
        byte[] mac = chaddr.getBytes();
        b.put(mac).put(new byte[16 - mac.length]).put(new byte[64 + 128]);
        b.putInt(cookie).put(opts);
        if (end) {
            b.put((byte) 255);
        }
        return b.array();
    }
}
