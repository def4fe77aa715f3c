package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.controller.ratelimit.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

class PacketInBudgetTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final PacketInBudget budget = new PacketInBudget(new RateLimit(100, 10), now::get);
    private final EmbeddedChannel channel = new EmbeddedChannel(budget);

    private List<Object> passed() {
        List<Object> out = new ArrayList<>();
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            out.add(m);
        }
        return out;
    }

    private static OFPacketIn packetIn() {
        return ProtocolGuardTest.packetIn(OFVersion.OF_13);
    }

    @Test
    void aBurstPassesAndTheRestIsDroppedAndCounted() {
        for (int i = 0; i < 1000; i++) {
            channel.writeInbound(packetIn());
        }

        assertThat(passed()).hasSize(10);
        assertThat(budget.dropped()).isEqualTo(990);
        assertThat(channel.isActive()).as("throttled, not closed").isTrue();
    }

    @Test
    void theBudgetRefillsAtItsRate() {
        for (int i = 0; i < 20; i++) {
            channel.writeInbound(packetIn());
        }
        passed();

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
        for (int i = 0; i < 20; i++) {
            channel.writeInbound(packetIn());
        }

        assertThat(passed()).as("50 ms at 100/s").hasSize(5);
        assertThat(budget.dropped()).isEqualTo(10 + 15);
    }

    @Test
    void dropsAreReportedWhileTheyLastAndTheReportsStopWithThem() {
        channel.freezeTime();
        for (int i = 0; i < 15; i++) {
            channel.writeInbound(packetIn());
        }
        // runScheduledPendingTasks answers the delay to the next scheduled task, -1 when there is none.
        assertThat(channel.runScheduledPendingTasks()).as("a report is due").isPositive();

        channel.advanceTimeBy(PacketInBudget.REPORT_INTERVAL_SECONDS, TimeUnit.SECONDS);
        assertThat(channel.runScheduledPendingTasks()).as("reported; the next one waits for drops to come")
                .isPositive();

        channel.advanceTimeBy(PacketInBudget.REPORT_INTERVAL_SECONDS, TimeUnit.SECONDS);
        assertThat(channel.runScheduledPendingTasks()).as("no drops in the interval: reports end").isEqualTo(-1);
        assertThat(budget.dropped()).isEqualTo(5);
    }

    @Test
    void otherMessagesAreNeverThrottled() {
        for (int i = 0; i < 20; i++) {
            channel.writeInbound(packetIn());
        }
        passed();

        channel.writeInbound(OF13.buildEchoReply().setXid(1).setData(new byte[0]).build(),
                OF13.buildBarrierReply().setXid(2).build());

        assertThat(passed()).hasSize(2);
    }

    @Test
    void theSessionReportsWhatItsChannelDropped() {
        FakeSwitch sw = FakeSwitch.connected(DatapathId.of(7),
                new SwitchListener() { });
        int burst = OpenFlowConfig.DEFAULT_PACKET_IN_BUDGET.burst();
        for (int i = 0; i < burst + 500; i++) {
            sw.send(packetIn());
        }
        // The real clock refills the bucket while the test runs (1,000/s), so fewer than 500 may drop.
        assertThat(sw.session().packetInsDropped()).isPositive().isLessThanOrEqualTo(500L);
    }
}
