package io.sluice.controller.pipeline;

import java.util.List;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupType;

/**
 * One group as Sluice wants it or as a switch reported it. Groups carry no cookie in OpenFlow 1.3, so a
 * group's owner is recorded beside it (for traceability) but only id, type and buckets are compared.
 */
public record GroupSpec(long groupId, OFGroupType type, List<OFBucket> buckets) {
    public GroupSpec {
        if (groupId < 0 || groupId > 0xFFFFFF00L) {
            throw new IllegalArgumentException("group id out of range: " + groupId);
        }
        Objects.requireNonNull(type, "type");
        buckets = List.copyOf(buckets);
    }

    public static GroupSpec of(OFGroupDescStatsEntry entry) {
        return new GroupSpec(entry.getGroup().getGroupNumber() & 0xFFFFFFFFL, entry.getGroupType(),
                entry.getBuckets());
    }
}
