package io.sluice.controller.pipeline;

import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;

/**
 * One meter as Sluice wants it or as a switch reported it: packets per second with a burst, beyond which
 * its flows' packets are dropped in the datapath. Sluice's meters have exactly this shape (flags pktps,
 * burst and stats, one drop band), so a reported meter of any other shape is kept as {@link #FOREIGN} and
 * differs from every desired one: the reconciler then replaces or deletes it.
 *
 * @param meterId      the meter's number, 1 up to OFPM_MAX
 * @param packetsPerSecond the sustained rate let through
 * @param burst        packets let through at once above the rate, after a quiet spell
 */
public record MeterSpec(long meterId, long packetsPerSecond, long burst) {
    /** OFPM_MAX: the last meter number a switch assigns to meters (the ones above are virtual). */
    public static final long MAX_ID = 0xFFFF0000L;
    /** The rate of a reported meter Sluice did not shape, so it equals no desired meter. */
    private static final long FOREIGN = -1;

    public static final Set<OFMeterFlags> FLAGS = Set.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS);

    public MeterSpec {
        if (meterId < 1 || meterId > MAX_ID) {
            throw new IllegalArgumentException("meter id out of range: " + meterId);
        }
        if (packetsPerSecond != FOREIGN && (packetsPerSecond < 1 || burst < 0)) {
            throw new IllegalArgumentException("meter rate must be positive and burst not negative: "
                    + packetsPerSecond + "/s, burst " + burst);
        }
    }

    public static MeterSpec of(OFMeterConfig config) {
        long id = config.getMeterId() & 0xFFFFFFFFL;
        List<OFMeterBand> bands = config.getEntries();
        if (config.getFlags().equals(FLAGS) && bands.size() == 1 && bands.get(0) instanceof OFMeterBandDrop drop) {
            return new MeterSpec(id, drop.getRate(), drop.getBurstSize());
        }
        return new MeterSpec(id, FOREIGN, 0);
    }
}
