package io.sluice.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/**
 * The switch's end of an in-memory OpenFlow channel: bytes written by OpenFlowJ go in, and what the
 * controller wrote comes out decoded. The channel carries the controller's real handlers, so tests see
 * exactly what a switch on a TCP connection would.
 */
public final class FakeSwitch {
    public static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

    private final EmbeddedChannel channel;
    private final AtomicReference<SwitchSession> session;

    private FakeSwitch(EmbeddedChannel channel, AtomicReference<SwitchSession> session) {
        this.channel = channel;
        this.session = session;
    }

    /** Settings with timeouts long enough never to fire unless a test advances the channel's clock. */
    public static OpenFlowConfig config() {
        return new OpenFlowConfig(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(10), 42, OpenFlowConfig.DEFAULT_PACKET_IN_BUDGET);
    }

    /**
     * A new connection through the pipeline {@link OpenFlowServer} builds; the controller's HELLO is
     * already waiting to be read.
     */
    public static FakeSwitch connecting(OpenFlowConfig config, SwitchListener listener) {
        AtomicReference<SwitchSession> session = new AtomicReference<>();
        SwitchListener capturing = new SwitchListener() {
            @Override
            public void switchConnected(SwitchSession s) {
                session.set(s);
                listener.switchConnected(s);
            }

            @Override
            public void switchDisconnected(SwitchSession s) {
                listener.switchDisconnected(s);
            }

            @Override
            public void portChanged(SwitchSession s, OFPortStatus status) {
                listener.portChanged(s, status);
            }

            @Override
            public void packetIn(SwitchSession s, OFPacketIn packetIn) {
                listener.packetIn(s, packetIn);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<EmbeddedChannel>() {
            @Override
            protected void initChannel(EmbeddedChannel ch) {
                OpenFlowServer.assemble(ch.pipeline(), config, capturing);
            }
        });
        return new FakeSwitch(channel, session);
    }

    /** A connection that completed its handshake as {@code dpid} with the given ports. */
    public static FakeSwitch connected(DatapathId dpid, SwitchListener listener, OFPortDesc... ports) {
        FakeSwitch sw = connecting(config(), listener);
        sw.handshake(dpid, ports);
        return sw;
    }

    /**
     * A session created directly over a channel with the codec and the session handler only, as it is
     * after a handshake.
     */
    public static FakeSwitch session(DatapathId dpid, SwitchListener listener, OFPortDesc... ports) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline()
                .addLast("frame", OfCodec.frameDecoder())
                .addLast("decoder", new OfCodec.Decoder())
                .addLast("encoder", new OfCodec.Encoder());
        SwitchSession session = new SwitchSession(channel, features(0, dpid), List.of(ports), listener);
        channel.pipeline()
                .addLast("session", new SessionHandler(session))
                .addLast("errors", new OpenFlowServer.CloseOnError());
        return new FakeSwitch(channel, new AtomicReference<>(session));
    }

    /**
     * Plays the switch's side of a whole handshake, asserting each request the controller makes. What
     * the controller sent before (its HELLO) is read and dropped.
     */
    public void handshake(DatapathId dpid, OFPortDesc... ports) {
        received();
        send(OF13.buildHello().setXid(100).setElements(List.of(versionBitmap(4))).build());
        OFFeaturesRequest featuresRequest = receivedOnly(OFFeaturesRequest.class);
        send(features(featuresRequest.getXid(), dpid));
        OFPortDescStatsRequest portRequest = receivedOnly(OFPortDescStatsRequest.class);
        send(OF13.buildPortDescStatsReply().setXid(portRequest.getXid()).setFlags(Set.of())
                .setEntries(List.of(ports)).build());
        List<Object> roleRequests = received();
        assertThat(roleRequests).hasSize(2);
        assertThat(roleRequests.get(0)).isInstanceOf(OFSetConfig.class);
        OFRoleRequest role = (OFRoleRequest) roleRequests.get(1);
        send(OF13.buildRoleReply().setXid(role.getXid()).setRole(OFControllerRole.ROLE_MASTER)
                .setGenerationId(role.getGenerationId()).build());
        assertThat(session.get()).as("session after handshake").isNotNull();
    }

    public static OFFeaturesReply features(long xid, DatapathId dpid) {
        return OF13.buildFeaturesReply().setXid(xid).setDatapathId(dpid).setNBuffers(0).setNTables((short) 254)
                .setCapabilities(Set.of()).build();
    }

    public static OFPortDesc port(int number, String name) {
        return OF13.buildPortDesc().setPortNo(OFPort.of(number)).setName(name)
                .setHwAddr(MacAddress.of(0x020000000000L | number)).build();
    }

    /** A HELLO version-bitmap element with the given OpenFlow wire versions. */
    public static OFHelloElem versionBitmap(int... wireVersions) {
        long bits = 0;
        for (int v : wireVersions) {
            bits |= 1L << v;
        }
        return OF13.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(bits))).build();
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    /** The session the controller made for this switch, once the handshake is done. */
    public SwitchSession session() {
        return session.get();
    }

    /** Sends each message in its own write, as a switch that flushes after each. */
    public void send(OFMessage... messages) {
        for (OFMessage m : messages) {
            ByteBuf buf = Unpooled.buffer();
            m.writeTo(buf);
            channel.writeInbound(buf);
        }
    }

    public void sendBytes(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    public static byte[] bytesOf(OFMessage message) {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        return ByteBufUtil.getBytes(buf);
    }

    /**
     * Everything the controller wrote since the last call, decoded: an {@link OFMessage}, or a
     * {@link RawOfMessage} for frames OpenFlowJ cannot parse (bundle messages). Runs the tasks the
     * session queued on the channel's event loop first.
     *
     * <p>EmbeddedChannel runs queued tasks re-entrantly after every write, so two session calls made
     * back to back (each one task) interleave their messages; a real event loop never does. Tests that
     * check order across calls read what each call sent before making the next.
     */
    public List<Object> received() {
        channel.runPendingTasks();
        List<Object> messages = new ArrayList<>();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            try {
                while (buf.isReadable()) {
                    messages.add(decodeOne(buf));
                }
            } finally {
                buf.release();
            }
        }
        return messages;
    }

    /** Asserts the controller wrote exactly one message since the last read, of this type. */
    public <T> T receivedOnly(Class<T> type) {
        List<Object> messages = received();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0)).isInstanceOf(type);
        return type.cast(messages.get(0));
    }

    private static Object decodeOne(ByteBuf buf) {
        int length = buf.getUnsignedShort(buf.readerIndex() + 2);
        assertThat(length).as("length field of an outbound frame").isBetween(8, buf.readableBytes());
        ByteBuf frame = buf.readSlice(length);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        try {
            OFMessage message = READER.readFrom(Unpooled.wrappedBuffer(bytes));
            if (message != null) {
                return message;
            }
        } catch (OFParseError unparsed) {
            // bundle messages: OpenFlowJ does not model them
        }
        return new RawOfMessage(bytes);
    }
}
