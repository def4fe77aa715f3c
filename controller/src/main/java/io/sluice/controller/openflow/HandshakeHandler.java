package io.sluice.controller.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a new connection from HELLO to a master session: version negotiation (OpenFlow 1.3 only),
 * FEATURES, PORT_DESC, SET_CONFIG and ROLE_REQUEST(master). When the switch confirms the role, this
 * handler replaces itself with the session's handler and announces the switch. Anything unexpected,
 * or no completion within the handshake timeout, closes the connection.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** OpenFlow 1.3's wire version, the only bit Sluice sets in its HELLO version bitmap. */
    private static final int OF13_WIRE = 4;
    /** Ask for whole packets in PACKET_IN (OFPCML_NO_BUFFER). */
    private static final int MISS_SEND_LEN_NO_BUFFER = 0xFFFF;

    enum State { WAIT_HELLO, WAIT_FEATURES, WAIT_PORT_DESC, WAIT_ROLE, DONE }

    private final OpenFlowConfig config;
    private final SwitchListener listener;
    private State state = State.WAIT_HELLO;
    private OFFeaturesReply features;
    private final List<OFPortDesc> ports = new ArrayList<>();
    private ScheduledFuture<?> timeout;

    public HandshakeHandler(OpenFlowConfig config, SwitchListener listener) {
        this.config = config;
        this.listener = listener;
    }

    State state() {
        return state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        OFHelloElem bitmap = OF13.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(1L << OF13_WIRE))).build();
        ctx.writeAndFlush(OF13.buildHello().setXid(0).setElements(List.of(bitmap)).build());
        timeout = ctx.executor().schedule(() -> {
            log.warn("switch at {} did not complete the handshake in {} (stuck in {}); closing",
                    ctx.channel().remoteAddress(), config.handshakeTimeout(), state);
            ctx.close();
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OFErrorMsg error) {
            fail(ctx, "switch answered the handshake (" + state + ") with " + error);
            return;
        }
        switch (state) {
            case WAIT_HELLO -> onHello(ctx, msg);
            case WAIT_FEATURES -> onFeatures(ctx, msg);
            case WAIT_PORT_DESC -> onPortDesc(ctx, msg);
            case WAIT_ROLE -> onRole(ctx, msg);
            case DONE -> ctx.fireChannelRead(msg);
        }
    }

    private void onHello(ChannelHandlerContext ctx, Object msg) {
        // The protocol guard in front lets nothing but a HELLO through first.
        OFHello hello = (OFHello) msg;
        if (!supportsOf13(hello)) {
            log.warn("switch at {} does not speak OpenFlow 1.3 ({}): refusing it", ctx.channel().remoteAddress(),
                    hello);
            ctx.writeAndFlush(OF13.errorMsgs().buildHelloFailedErrorMsg().setXid(hello.getXid())
                    .setCode(OFHelloFailedCode.INCOMPATIBLE).build()).addListener(f -> ctx.close());
            state = State.DONE;
            cancelTimeout();
            return;
        }
        state = State.WAIT_FEATURES;
        ctx.writeAndFlush(OF13.buildFeaturesRequest().setXid(1).build());
    }

    private void onFeatures(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OFFeaturesReply reply)) {
            unexpected(ctx, msg);
            return;
        }
        features = reply;
        state = State.WAIT_PORT_DESC;
        ctx.writeAndFlush(OF13.buildPortDescStatsRequest().setXid(2).build());
    }

    private void onPortDesc(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OFPortDescStatsReply reply)) {
            unexpected(ctx, msg);
            return;
        }
        ports.addAll(reply.getEntries());
        if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            return;
        }
        state = State.WAIT_ROLE;
        ctx.write(OF13.buildSetConfig().setXid(3).setMissSendLen(MISS_SEND_LEN_NO_BUFFER).build());
        ctx.writeAndFlush(OF13.buildRoleRequest().setXid(4).setRole(OFControllerRole.ROLE_MASTER)
                .setGenerationId(U64.of(config.generationId())).build());
    }

    private void onRole(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OFRoleReply reply)) {
            unexpected(ctx, msg);
            return;
        }
        if (reply.getRole() != OFControllerRole.ROLE_MASTER) {
            fail(ctx, "switch granted role " + reply.getRole() + " instead of master");
            return;
        }
        state = State.DONE;
        cancelTimeout();
        SwitchSession session = new SwitchSession(ctx.channel(), features, ports, listener);
        ctx.pipeline().replace(this, "session", new SessionHandler(session));
        listener.switchConnected(session);
    }

    /** OpenFlow 1.3 is agreed if the peer's bitmap has it, or (no bitmap) its HELLO version is at least 1.3. */
    private static boolean supportsOf13(OFHello hello) {
        if (hello.getVersion().getWireVersion() < OF13_WIRE) {
            // HELLOs before 1.3 carry no elements (OpenFlowJ throws on getElements()): the peer tops out below 1.3.
            return false;
        }
        for (OFHelloElem element : hello.getElements()) {
            if (element instanceof OFHelloElemVersionbitmap bitmap) {
                List<U32> words = bitmap.getBitmaps();
                return !words.isEmpty() && (words.get(0).getValue() & (1L << OF13_WIRE)) != 0;
            }
        }
        return true;
    }

    /**
     * Asynchronous messages a switch may send as soon as HELLO is exchanged (OVS does), so they are
     * dropped; anything else out of turn is a peer that does not follow the protocol, and is closed.
     */
    private void unexpected(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OFPacketIn || msg instanceof OFPortStatus || msg instanceof OFFlowRemoved) {
            log.debug("ignoring {} during the handshake ({})", msg, state);
        } else {
            fail(ctx, "sent " + msg + " out of turn (" + state + ")");
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        log.warn("handshake with {} failed: {}", ctx.channel().remoteAddress(), reason);
        state = State.DONE;
        cancelTimeout();
        ctx.close();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The frame decoder keeps failing on the rest of what the peer sent before the close took effect.
        if (ctx.channel().isOpen()) {
            fail(ctx, "malformed input: " + cause);
        }
    }
}
