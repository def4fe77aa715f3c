package io.sluice.controller.openflow;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts switch connections and builds each one's channel pipeline:
 * frame decoder, OpenFlow decoder/encoder, protocol guard (HELLO first, OpenFlow 1.3 after), idle
 * detection and echo keepalive, the PACKET_IN budget, handshake (which becomes the session handler once
 * done), and a last-resort handler that closes the one channel on any error so a misbehaving switch never
 * affects the others.
 */
public final class OpenFlowServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowServer.class);

    private final OpenFlowConfig config;
    private final SwitchListener listener;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private Channel serverChannel;

    public OpenFlowServer(OpenFlowConfig config, SwitchListener listener) {
        this.config = config;
        this.listener = listener;
    }

    public InetSocketAddress start() throws InterruptedException {
        serverChannel = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        assemble(ch.pipeline(), config, listener);
                    }
                })
                .bind(config.listen()).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.info("OpenFlow listening on {}", bound);
        return bound;
    }

    /** The handlers of one switch connection, in order; the handshake becomes the session handler. */
    public static void assemble(ChannelPipeline pipeline, OpenFlowConfig config, SwitchListener listener) {
        pipeline.addLast("frame", OfCodec.frameDecoder())
                .addLast("decoder", new OfCodec.Decoder())
                .addLast("encoder", new OfCodec.Encoder())
                .addLast("protocol", new ProtocolGuard())
                .addLast("idle", KeepaliveHandler.idleDetector(config.echoInterval()))
                .addLast("keepalive", new KeepaliveHandler(config.deadTimeout()))
                .addLast("packetInBudget", new PacketInBudget(config.packetInBudget(), System::nanoTime))
                .addLast("handshake", new HandshakeHandler(config, listener))
                .addLast("errors", new CloseOnError());
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Closes a channel whose input could not be decoded or whose handler failed. */
    static final class CloseOnError extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!ctx.channel().isOpen()) {
                return; // the rest of a closed channel's input failing again
            }
            log.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
