package io.sluice.controller.openflow;

import io.netty.buffer.ByteBuf;

/** Something Sluice sends to a switch that OpenFlowJ does not model; it encodes itself. */
public interface OutboundFrame {
    void writeTo(ByteBuf out);
}
