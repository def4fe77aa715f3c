package io.sluice.controller.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
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
 * queued. Logs when dropping starts, then one line per report interval with the count while it lasts and
 * one when it ends, so a flood cannot flood the log too.
 */
final class PacketInBudget extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PacketInBudget.class);
    static final long REPORT_INTERVAL_SECONDS = 5;

    private final RateLimit budget;
    private final TokenBucket bucket;
    /** Written on the channel's thread only; read by anyone. */
    private volatile long dropped;
    private long droppedSinceReport;
    private ScheduledFuture<?> report;

    PacketInBudget(RateLimit budget, LongSupplier nanoClock) {
        this.budget = budget;
        this.bucket = new TokenBucket(budget, nanoClock);
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
        droppedSinceReport++;
        if (report == null) {
            log.warn("switch at {} exceeds its PACKET_IN budget ({}/s, burst {}): dropping the excess",
                    ctx.channel().remoteAddress(), budget.perSecond(), budget.burst());
            scheduleReport(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (report != null) {
            report.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private void scheduleReport(ChannelHandlerContext ctx) {
        report = ctx.executor().schedule(() -> report(ctx), REPORT_INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void report(ChannelHandlerContext ctx) {
        if (droppedSinceReport == 0) {
            log.warn("switch at {} is back within its PACKET_IN budget; {} dropped in all",
                    ctx.channel().remoteAddress(), dropped);
            report = null;
            return;
        }
        log.warn("switch at {} still exceeds its PACKET_IN budget: {} dropped in the last {} s, {} in all",
                ctx.channel().remoteAddress(), droppedSinceReport, REPORT_INTERVAL_SECONDS, dropped);
        droppedSinceReport = 0;
        scheduleReport(ctx);
    }
}
