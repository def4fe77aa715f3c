package io.sluice.controller.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.controller.ratelimit.RateLimit;
import io.sluice.controller.ratelimit.TokenBucket;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a connection's PACKET_INs beyond its budget before any service sees them, and counts them: a
 * switch (or a peer posing as one) flooding the controller costs it a decode per packet and nothing is
 * queued. Logs when dropping starts, then at most one line per interval with the count, so a flood cannot
 * flood the log either.
 */
final class PacketInBudget extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PacketInBudget.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RateLimit budget;
    private final TokenBucket bucket;
    private final LongSupplier nanoClock;
    /** Written on the channel's thread only; read by anyone. */
    private volatile long dropped;
    private long droppedSinceLog;
    private long loggedAt;

    PacketInBudget(RateLimit budget, LongSupplier nanoClock) {
        this.budget = budget;
        this.bucket = new TokenBucket(budget, nanoClock);
        this.nanoClock = nanoClock;
    }

    /** PACKET_INs dropped on this connection so far. */
    long dropped() {
        return dropped;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OFPacketIn) || bucket.tryTake()) {
            ctx.fireChannelRead(msg);
            return;
        }
        dropped++;
        droppedSinceLog++;
        long now = nanoClock.getAsLong();
        if (dropped == 1 || now - loggedAt >= LOG_INTERVAL_NANOS) {
            log.warn("switch at {} exceeds its PACKET_IN budget ({}/s, burst {}): dropped {} ({} in all)",
                    ctx.channel().remoteAddress(), budget.perSecond(), budget.burst(), droppedSinceLog, dropped);
            droppedSinceLog = 0;
            loggedAt = now;
        }
    }
}
