package io.sluice.controller.compile.l2;

import java.util.Arrays;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * Fields copied with Nicira's move action (NXAST_REG_MOVE), named by their NXM headers as OVS's
 * nicira-ext.h defines them: header = class &lt;&lt; 16 | field &lt;&lt; 9 | length in bytes.
 */
public enum NxmField {
    ETH_DST(0x0000_0206, MatchField.ETH_DST),
    ETH_SRC(0x0000_0406, MatchField.ETH_SRC),
    ARP_SPA(0x0000_2004, MatchField.ARP_SPA),
    ARP_TPA(0x0000_2204, MatchField.ARP_TPA),
    ARP_SHA(0x0001_2206, MatchField.ARP_SHA),
    ARP_THA(0x0001_2406, MatchField.ARP_THA),
    /** Scratch space: a VRF's ARP responder swaps the request's addresses through it. */
    REG0(0x0001_0004, MatchField.REG0);

    private final long header;
    private final MatchField<? extends OFValueType<?>> field;

    NxmField(long header, MatchField<? extends OFValueType<?>> field) {
        this.header = header;
        this.field = field;
    }

    public long header() {
        return header;
    }

    public MatchField<? extends OFValueType<?>> field() {
        return field;
    }

    public int bits() {
        return (int) (header & 0xFF) * 8;
    }

    public static Optional<NxmField> byHeader(long header) {
        return Arrays.stream(values()).filter(f -> f.header == header).findFirst();
    }

    /** Copies the whole of one field into another of the same width. */
    public static OFAction move(NxmField from, NxmField to) {
        if (from.bits() != to.bits()) {
            throw new IllegalArgumentException("cannot move " + from + " to " + to + ": widths differ");
        }
        return FlowParts.OF13.actions().buildNiciraMove().setSrc(from.header).setDst(to.header)
                .setSrcOfs(0).setDstOfs(0).setNBits(from.bits()).build();
    }
}
