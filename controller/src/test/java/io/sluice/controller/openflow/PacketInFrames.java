package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;

import java.nio.ByteBuffer;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/** Wire-ready PACKET_INs a switch punts, for flooding a controller. */
public final class PacketInFrames {
    private PacketInFrames() {
    }

    /** A DHCPDISCOVER as a VM on {@code inPort} sends it: broadcast, UDP 68 to 67, BOOTP with the cookie. */
    public static byte[] dhcpDiscover(int inPort) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 244);
        byte[] mac = {2, 0, 0, 0, 0, (byte) inPort};
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(mac).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 244)).putInt(0).put((byte) 64).put((byte) 17)
                .putShort((short) 0).putInt(0).putInt(-1);
        b.putShort((short) 68).putShort((short) 67).putShort((short) (8 + 244)).putShort((short) 0);
        b.put((byte) 1).put((byte) 1).put((byte) 6).put((byte) 0).putInt(0x1234).putShort((short) 0)
                .putShort((short) 0x8000).position(b.position() + 16);
        b.put(mac).position(b.position() + 10 + 64 + 128);
        b.putInt(0x63825363).put(new byte[] {53, 1, 1, (byte) 255});
        return packetIn(inPort, b.array());
    }

    /** Sixty-four zero bytes: no protocol any service answers. */
    public static byte[] other(int inPort) {
        return packetIn(inPort, new byte[64]);
    }

    private static byte[] packetIn(int inPort, byte[] data) {
        return FakeSwitch.bytesOf(OF13.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER)
                .setReason(OFPacketInReason.ACTION)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setData(data).build());
    }
}
