package io.sluice.controller.openflow;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echo keepalive, both ways: answers the switch's echo requests at any stage of the connection, probes a
 * silent switch with echo requests, and closes the connection once the switch has been silent for the
 * dead-peer timeout. Sits after an {@link IdleStateHandler} whose reader-idle time is the echo interval.
 */
public final class KeepaliveHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(KeepaliveHandler.class);
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final long deadNanos;
    private long lastReadNanos = System.nanoTime();
    private long echoXid = 0xFFFF0000L;

    public KeepaliveHandler(Duration deadTimeout) {
        this.deadNanos = deadTimeout.toNanos();
    }

    /** The idle detector this handler needs in front of it. */
    public static IdleStateHandler idleDetector(Duration echoInterval) {
        return new IdleStateHandler(echoInterval.toMillis(), 0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (msg instanceof OFEchoRequest request) {
            ctx.writeAndFlush(OFFactories.getFactory(request.getVersion()).buildEchoReply()
                    .setXid(request.getXid()).setData(request.getData()).build());
        } else if (!(msg instanceof OFEchoReply)) {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        long silentNanos = System.nanoTime() - lastReadNanos;
        if (silentNanos >= deadNanos) {
            log.warn("switch at {} silent for {} ms: closing the connection", ctx.channel().remoteAddress(),
                    silentNanos / 1_000_000);
            ctx.close();
        } else {
            ctx.writeAndFlush(OF13.buildEchoRequest().setXid(echoXid++).setData(new byte[0]).build());
        }
    }
}
