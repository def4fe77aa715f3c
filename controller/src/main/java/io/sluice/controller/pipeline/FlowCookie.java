package io.sluice.controller.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.projectfloodlight.openflow.types.U64;

/**
 * A flow's cookie: which system, which compiler and which model object own it, so a flow dump can be
 * explained back to the API object that caused it.
 *
 * <pre>
 *  63          48 47      40 39                                0
 * +--------------+----------+-----------------------------------+
 * | 0x51CE magic |  owner   |  object tag (40 bits of the id)   |
 * +--------------+----------+-----------------------------------+
 * </pre>
 *
 * The object tag is derived from the model object's id; 40 bits keep collisions improbable while leaving
 * room for the magic and owner. The tag is for tracing, never for identity: flows are identified by
 * (table, priority, match).
 */
public record FlowCookie(Owner owner, long objectTag) {
    public static final long MAGIC = 0x51CEL;
    private static final long TAG_MASK = (1L << 40) - 1;

    public FlowCookie {
        if ((objectTag & ~TAG_MASK) != 0) {
            throw new IllegalArgumentException("object tag exceeds 40 bits: " + Long.toHexString(objectTag));
        }
    }

    /** The cookie of flows that belong to no particular model object. */
    public static FlowCookie of(Owner owner) {
        return new FlowCookie(owner, 0);
    }

    public static FlowCookie of(Owner owner, UUID objectId) {
        return new FlowCookie(owner, (objectId.getLeastSignificantBits() ^ objectId.getMostSignificantBits()) & TAG_MASK);
    }

    public static FlowCookie of(Owner owner, String objectName) {
        CRC32C crc = new CRC32C();
        byte[] bytes = objectName.getBytes(StandardCharsets.UTF_8);
        crc.update(bytes);
        long high = bytes.length & 0xFF;
        return new FlowCookie(owner, (high << 32 | crc.getValue()) & TAG_MASK);
    }

    public U64 toU64() {
        return U64.of(MAGIC << 48 | (long) owner.code() << 40 | objectTag);
    }

    /** The Sluice cookie carried by a flow, or empty when the flow is not Sluice's. */
    public static Optional<FlowCookie> parse(U64 cookie) {
        long raw = cookie.getValue();
        if (raw >>> 48 != MAGIC) {
            return Optional.empty();
        }
        return Owner.byCode((int) (raw >>> 40 & 0xFF)).map(owner -> new FlowCookie(owner, raw & TAG_MASK));
    }

    @Override
    public String toString() {
        return owner + "/" + Long.toHexString(objectTag);
    }
}
