package io.sluice.bench.scale;

import static io.sluice.bench.scale.EmulatedSwitch.OF13;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.Writeable;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * One flow as an emulated switch holds it: its {@code ofp_flow_stats} in OpenFlow 1.3's encoding, counters
 * zero, the match's fields in the order of their bytes. A fleet of 1,000 switches holds ~3.9 million flows;
 * as OpenFlowJ objects they took ~1.5 KB each (6 GB), encoded they take ~250 bytes, and a dump is their
 * bytes strung together. Equal to another flow of the same table, priority and match, as OpenFlow
 * identifies flows; decoded only when a request filters on the match or the actions.
 */
final class StoredFlow implements Writeable {
    // Offsets in ofp_flow_stats (OpenFlow 1.3, 7.3.5.2).
    private static final int TABLE = 2;
    private static final int PRIORITY = 12;
    private static final int COOKIE = 24;
    private static final int MATCH = 48;
    private static final int MATCH_LENGTH = MATCH + 2;
    /** The match's type and length before its fields. */
    private static final int MATCH_HEADER = 4;
    /** An OXM field's header: class, field and mask bit, then its payload's length. */
    private static final int OXM_HEADER = 4;
    /** ofp_header and the multipart reply's type, flags and padding, to read an entry as OpenFlowJ does. */
    private static final int FLOW_STATS_REPLY_HEADER = 16;
    private static final int OFPT_MULTIPART_REPLY = 19;
    private static final int OFPMP_FLOW = 1;

    private final byte[] wire;
    private final int hash;

    private StoredFlow(byte[] wire) {
        this.wire = wire;
        int h = 31 * wire[TABLE] + priority();
        for (int i = MATCH + MATCH_HEADER; i < MATCH + matchLength(); i++) {
            h = 31 * h + wire[i];
        }
        this.hash = h;
    }

    /** The flow an add (or a strict command, as the key it names) makes, as a dump shows it. */
    static StoredFlow of(OFFlowMod mod) {
        return of(OF13.buildFlowStatsEntry().setTableId(mod.getTableId()).setPriority(mod.getPriority())
                .setMatch(mod.getMatch()).setCookie(mod.getCookie()).setInstructions(mod.getInstructions())
                .setIdleTimeout(mod.getIdleTimeout()).setHardTimeout(mod.getHardTimeout()).setFlags(mod.getFlags())
                .setDurationSec(0).setDurationNsec(0).setPacketCount(U64.ZERO).setByteCount(U64.ZERO).build());
    }

    static StoredFlow of(OFFlowStatsEntry entry) {
        ByteBuf out = Unpooled.buffer();
        entry.writeTo(out);
        byte[] wire = ByteBufUtil.getBytes(out);
        sortMatchFields(wire);
        return new StoredFlow(wire);
    }

    TableId table() {
        return TableId.of(wire[TABLE] & 0xFF);
    }

    int priority() {
        return ((wire[PRIORITY] & 0xFF) << 8) | (wire[PRIORITY + 1] & 0xFF);
    }

    long cookie() {
        long cookie = 0;
        for (int i = COOKIE; i < COOKIE + Long.BYTES; i++) {
            cookie = (cookie << 8) | (wire[i] & 0xFF);
        }
        return cookie;
    }

    /** OpenFlowJ's reading of this flow: its readers of entries are not public, so it reads a one-entry dump. */
    OFFlowStatsEntry decoded() {
        int length = FLOW_STATS_REPLY_HEADER + wire.length;
        ByteBuf reply = Unpooled.buffer(length).writeByte(OF13.getVersion().getWireVersion())
                .writeByte(OFPT_MULTIPART_REPLY).writeShort(length).writeInt(0)
                .writeShort(OFPMP_FLOW).writeShort(0).writeZero(4).writeBytes(wire);
        try {
            return ((OFFlowStatsReply) OF13.getReader().readFrom(reply)).getEntries().get(0);
        } catch (OFParseError e) {
            throw new IllegalStateException("a stored flow's own encoding does not parse", e);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(wire);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredFlow other && hash == other.hash && wire[TABLE] == other.wire[TABLE]
                && priority() == other.priority() && Arrays.equals(wire, MATCH + MATCH_HEADER, MATCH + matchLength(),
                other.wire, MATCH + MATCH_HEADER, MATCH + other.matchLength());
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return decoded().toString();
    }

    private int matchLength() {
        return matchLength(wire);
    }

    /** The match's length without its padding: its header and fields. */
    private static int matchLength(byte[] wire) {
        return ((wire[MATCH_LENGTH] & 0xFF) << 8) | (wire[MATCH_LENGTH + 1] & 0xFF);
    }

    /** A match's fields are a set: one order for it makes equal matches equal bytes. */
    private static void sortMatchFields(byte[] wire) {
        int end = MATCH + matchLength(wire);
        List<byte[]> fields = new ArrayList<>();
        for (int at = MATCH + MATCH_HEADER; at < end; ) {
            int length = OXM_HEADER + (wire[at + OXM_HEADER - 1] & 0xFF);
            fields.add(Arrays.copyOfRange(wire, at, at + length));
            at += length;
        }
        fields.sort(Arrays::compareUnsigned);
        int at = MATCH + MATCH_HEADER;
        for (byte[] field : fields) {
            System.arraycopy(field, 0, wire, at, field.length);
            at += field.length;
        }
    }
}
