package io.sluice.controller.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The last stage of a switch's channel once the handshake is done: hands every message to its session. */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private final SwitchSession session;

    SessionHandler(SwitchSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.handle(msg);
    }
}
