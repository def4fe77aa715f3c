package io.sluice.controller.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules every message obeys whatever the connection's stage, as OVS's own vconn enforces them: the
 * first message is a HELLO (of any version: negotiating is the handshake's job), and every later one
 * carries OpenFlow 1.3's version, the only one Sluice agrees to. A peer that breaks either is closed
 * before any later handler sees the message.
 */
final class ProtocolGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProtocolGuard.class);
    private static final int OF13_WIRE = 4;

    private boolean helloSeen;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!helloSeen) {
            if (!(msg instanceof OFHello)) {
                refuse(ctx, "sent " + describe(msg) + " before HELLO");
                return;
            }
            helloSeen = true;
        } else if (wireVersion(msg) != OF13_WIRE) {
            refuse(ctx, "sent " + describe(msg) + " with OpenFlow wire version " + wireVersion(msg)
                    + " on an OpenFlow 1.3 connection");
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static void refuse(ChannelHandlerContext ctx, String reason) {
        log.warn("closing connection from {}: it {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private static int wireVersion(Object msg) {
        if (msg instanceof OFMessage m) {
            return m.getVersion().getWireVersion();
        }
        return msg instanceof FlowStatsFrame part ? part.version() : ((RawOfMessage) msg).version();
    }

    private static String describe(Object msg) {
        return msg instanceof OFMessage m ? m.getType().toString() : msg.toString();
    }
}
