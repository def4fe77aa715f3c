package io.sluice.controller.openflow;

import static io.sluice.controller.openflow.FakeSwitch.OF13;

import io.netty.buffer.Unpooled;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A switch on a real TCP connection to an {@link OpenFlowServer}: sends HELLO on connect as OVS does,
 * answers the handshake, echoes, barriers and the dumps a reconciler asks for (empty tables), and keeps
 * the flow-mods it is sent. It can probe the controller with echoes, flood it with raw frames, or go
 * mute (keep the connection, answer nothing) as a switch whose host froze.
 */
public final class TcpSwitch implements AutoCloseable {
    private final DatapathId dpid;
    private final Socket socket;
    private final OutputStream out;
    private final CompletableFuture<Void> master = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final List<OFFlowMod> flowMods = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Void>> echoes = new ConcurrentHashMap<>();
    private final AtomicLong echoXids = new AtomicLong(0x5000);
    private volatile boolean mute;

    private TcpSwitch(DatapathId dpid, InetSocketAddress controller) throws IOException {
        this.dpid = dpid;
        this.socket = new Socket(controller.getAddress(), controller.getPort());
        socket.setTcpNoDelay(true);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        Thread reader = new Thread(this::readLoop, "tcp-switch-" + dpid);
        reader.setDaemon(true);
        reader.start();
        send(OF13.buildHello().setXid(1).setElements(List.of(FakeSwitch.versionBitmap(4))).build());
    }

    /** Connects and starts the handshake; {@link #awaitMaster} waits for its end. */
    public static TcpSwitch connect(DatapathId dpid, InetSocketAddress controller) throws IOException {
        return new TcpSwitch(dpid, controller);
    }

    /** Whether the controller made this connection master within the time. */
    public boolean awaitMaster(Duration within) {
        try {
            master.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Whether the controller closed this connection within the time. */
    public boolean awaitClosed(Duration within) {
        try {
            closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception stillOpen) {
            return false;
        }
    }

    /** The round trip of one echo request, or empty when the controller did not answer within the time. */
    public Optional<Duration> echo(Duration within) throws IOException {
        long xid = echoXids.getAndIncrement();
        CompletableFuture<Void> reply = new CompletableFuture<>();
        echoes.put(xid, reply);
        long start = System.nanoTime();
        send(OF13.buildEchoRequest().setXid(xid).setData(new byte[] {1, 2, 3}).build());
        try {
            reply.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception unanswered) {
            return Optional.empty();
        }
    }

    public List<OFFlowMod> flowMods() {
        return List.copyOf(flowMods);
    }

    public void goMute() {
        mute = true;
    }

    /** Writes every frame {@code times} times, round robin, as fast as the socket takes them. */
    public void flood(List<byte[]> frames, int times) throws IOException {
        synchronized (out) {
            for (int i = 0; i < times; i++) {
                out.write(frames.get(i % frames.size()));
            }
            out.flush();
        }
    }

    public void send(OFMessage message) throws IOException {
        write(FakeSwitch.bytesOf(message));
    }

    private void write(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    private void readLoop() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            byte[] header = new byte[RawOfMessage.HEADER_LENGTH];
            while (true) {
                in.readFully(header);
                int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                byte[] frame = new byte[length];
                System.arraycopy(header, 0, frame, 0, header.length);
                in.readFully(frame, header.length, length - header.length);
                if (!mute) {
                    answer(frame);
                }
            }
        } catch (IOException | RuntimeException gone) {
            closed.complete(null);
        }
    }

    private void answer(byte[] frame) throws IOException {
        OFMessage message;
        try {
            message = OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(frame));
        } catch (OFParseError unmodelled) {
            return; // bundles: the tests configure the reconciler to pipeline instead
        }
        long xid = message.getXid();
        if (message instanceof OFFeaturesRequest) {
            send(FakeSwitch.features(xid, dpid));
        } else if (message instanceof OFPortDescStatsRequest) {
            send(OF13.buildPortDescStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of()).build());
        } else if (message instanceof OFRoleRequest role) {
            send(OF13.buildRoleReply().setXid(xid).setRole(role.getRole()).setGenerationId(role.getGenerationId())
                    .build());
            master.complete(null);
        } else if (message instanceof OFEchoRequest request) {
            send(OF13.buildEchoReply().setXid(xid).setData(request.getData()).build());
        } else if (message instanceof OFEchoReply) {
            CompletableFuture<Void> waiting = echoes.remove(xid);
            if (waiting != null) {
                waiting.complete(null);
            }
        } else if (message instanceof OFFlowStatsRequest) {
            send(OF13.buildFlowStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of()).build());
        } else if (message instanceof OFGroupDescStatsRequest) {
            send(OF13.buildGroupDescStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of()).build());
        } else if (message instanceof OFMeterConfigStatsRequest) {
            send(OF13.buildMeterConfigStatsReply().setXid(xid).setFlags(Set.of()).setEntries(List.of()).build());
        } else if (message instanceof OFDescStatsRequest) {
            send(OF13.buildDescStatsReply().setXid(xid).setFlags(Set.of()).setMfrDesc("sluice test")
                    .setHwDesc("tcp").setSwDesc("test").setSerialNum(dpid.toString()).setDpDesc("").build());
        } else if (message instanceof OFBarrierRequest) {
            send(OF13.buildBarrierReply().setXid(xid).build());
        } else if (message instanceof OFFlowMod flowMod) {
            flowMods.add(flowMod);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
