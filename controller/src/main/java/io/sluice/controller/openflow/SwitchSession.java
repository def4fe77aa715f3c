package io.sluice.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected switch after its handshake: requests matched to replies by xid, fire-and-forget messages
 * remembered until the next barrier so an error can be logged with the message that caused it, bundles,
 * and the switch's port table.
 */
public final class SwitchSession {
    private static final Logger log = LoggerFactory.getLogger(SwitchSession.class);
    private static final long XID_MASK = 0xFFFFFFFFL;
    /** Outbound messages are encoded into buffers of about this size, each one write on the channel. */
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    /** Messages encoded per event-loop task, so a large batch never holds up the switch's inbound traffic. */
    private static final int MESSAGES_PER_TASK = 2048;

    private final Channel channel;
    private final OFFeaturesReply features;
    private final Instant connectedAt = Instant.now();
    /**
     * The switch's port numbers: all the controller reads of its port descriptions, a fraction of their size; as
     * ints in an open hash set (no node or port object each), guarded by itself.
     */
    private final IntOpenHashSet ports = new IntOpenHashSet();
    private final AtomicLong xids = new AtomicLong(1);
    private final AtomicLong bundleIds = new AtomicLong(1);
    private final Map<Long, PendingRequest> pending = new ConcurrentHashMap<>();
    /** Sent messages with no reply of their own, kept until a barrier proves they were processed. */
    private final Queue<SentBatch> unacknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong batchSequence = new AtomicLong();
    /** Errors for unacknowledged messages, handed to the next barrier's caller. */
    private final List<SwitchError> errors = new ArrayList<>();
    private final SwitchListener listener;

    /** A request awaiting its reply; multipart replies accumulate until the last part. */
    private static final class PendingRequest {
        final CompletableFuture<List<Object>> future = new CompletableFuture<>();
        final List<Object> replies = new ArrayList<>();
        final Object request;

        PendingRequest(Object request) {
            this.request = request;
        }
    }

    public SwitchSession(Channel channel, OFFeaturesReply features, List<OFPortDesc> portDescs,
                         SwitchListener listener) {
        this.channel = channel;
        this.features = features;
        this.listener = listener;
        synchronized (ports) {
            portDescs.forEach(p -> ports.add(p.getPortNo().getPortNumber()));
        }
        channel.closeFuture().addListener(f -> failAll("session to " + this + " closed"));
    }

    public DatapathId dpid() {
        return features.getDatapathId();
    }

    public OFFactory factory() {
        return OFFactories.getFactory(OFVersion.OF_13);
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    public Set<OFPort> ports() {
        synchronized (ports) {
            return ports.intStream().mapToObj(OFPort::of).collect(Collectors.toUnmodifiableSet());
        }
    }

    public boolean isActive() {
        return channel.isActive();
    }

    /** PACKET_INs this switch sent beyond its budget, dropped before any service saw them. */
    public long packetInsDropped() {
        PacketInBudget budget = channel.pipeline().get(PacketInBudget.class);
        return budget == null ? 0 : budget.dropped();
    }

    /** Runs a task on this switch's channel thread, where listeners expect to be called. */
    public void execute(Runnable task) {
        channel.eventLoop().execute(task);
    }

    public CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    public void close() {
        channel.close();
    }

    public long nextXid() {
        return xids.getAndIncrement() & XID_MASK;
    }

    /**
     * Sends a stats request and gathers every part of its reply; not for flow stats, whose replies the codec keeps
     * as bytes ({@link #flowStats}).
     */
    public <R extends OFStatsReply> CompletableFuture<List<R>> stats(OFStatsRequest<R> request,
                                                                      Class<R> replyType) {
        return request(request.getXid(), request, request).thenApply(replies -> replies.stream()
                .map(r -> {
                    if (!replyType.isInstance(r)) {
                        throw new OpenFlowException("unexpected reply to " + request.getStatsType() + ": " + r);
                    }
                    return replyType.cast(r);
                }).toList());
    }

    /** Sends a flow-stats request and gathers every part of its reply, as the switch encoded them. */
    public CompletableFuture<List<FlowStatsFrame>> flowStats(OFFlowStatsRequest request) {
        return request(request.getXid(), request, request).thenApply(replies -> replies.stream()
                .map(r -> {
                    if (!(r instanceof FlowStatsFrame part)) {
                        throw new OpenFlowException("unexpected reply to " + request.getStatsType() + ": " + r);
                    }
                    return part;
                }).toList());
    }

    /**
     * Sends a barrier; completes when the switch has processed everything sent before it, with the errors
     * the switch reported for those messages (empty when all were accepted).
     */
    public CompletableFuture<List<SwitchError>> barrier() {
        long xid = nextXid();
        long covered = batchSequence.get();
        return request(xid, factory().buildBarrierRequest().setXid(xid).build(), "BARRIER")
                .thenApply(replies -> drainErrorsUpTo(covered));
    }

    /**
     * Sends a message whose outcome nobody waits for, e.g. a PACKET_OUT answering a packet: it is not kept
     * for a barrier (packet-outs would pile up between barriers), so an error for it is logged without its
     * cause.
     */
    public void send(OFMessage message) {
        writeAndFlush(List.of(message));
    }

    /** Sends messages that have no reply of their own, in one write burst on the channel's thread. */
    public void sendAll(List<? extends OFMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        remember(messages);
        writeAndFlush(messages);
    }

    /**
     * Applies messages atomically and in order through an OpenFlow 1.3 bundle: all of them or none.
     * Completes exceptionally with the switch's errors when the bundle was refused.
     */
    public CompletableFuture<Void> bundle(List<? extends OFMessage> messages) {
        long bundleId = bundleIds.getAndIncrement() & XID_MASK;
        long openXid = nextXid();
        long commitXid = nextXid();
        List<Object> frames = new ArrayList<>(messages.size() + 2);
        frames.add(Bundles.control(openXid, bundleId, Bundles.ControlType.OPEN_REQUEST));
        for (OFMessage m : messages) {
            frames.add(Bundles.add(bundleId, m));
        }
        frames.add(Bundles.control(commitXid, bundleId, Bundles.ControlType.COMMIT_REQUEST));
        long covered = remember(messages);
        CompletableFuture<List<Object>> opened = register(openXid, "BUNDLE_OPEN " + bundleId);
        CompletableFuture<List<Object>> committed = register(commitXid, "BUNDLE_COMMIT " + bundleId);
        writeAndFlush(frames);
        return opened.thenCombine(committed, (o, c) -> (Void) null).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn("switch {} refused bundle {} of {} messages: {}; causes: {}", this, bundleId,
                        messages.size(), failure.getMessage(), drainErrorsUpTo(covered));
            }
        });
    }

    /** Messages sent together; indexed by xid only when an error needs its cause (errors are rare). */
    private static final class SentBatch {
        private final long sequence;
        private final List<? extends OFMessage> messages;
        private Map<Long, OFMessage> byXid;

        SentBatch(long sequence, List<? extends OFMessage> messages) {
            this.sequence = sequence;
            this.messages = messages;
        }

        long sequence() {
            return sequence;
        }

        synchronized OFMessage find(long xid) {
            if (byXid == null) {
                byXid = new HashMap<>();
                messages.forEach(m -> byXid.put(m.getXid(), m));
            }
            return byXid.get(xid);
        }
    }

    /** Called on the channel's thread for every message after the handshake. */
    void handle(Object message) {
        if (message instanceof OFErrorMsg error) {
            onError(SwitchError.of(error, cause(error.getXid())));
        } else if (message instanceof FlowStatsFrame part && pending.containsKey(part.xid())) {
            onReply(part.xid(), part, part.isLast());
        } else if (message instanceof RawOfMessage raw) {
            onRaw(raw);
        } else if (message instanceof OFPortStatus status) {
            onPortStatus(status);
        } else if (message instanceof OFPacketIn packetIn) {
            listener.packetIn(this, packetIn);
        } else if (message instanceof OFMessage reply && pending.containsKey(reply.getXid())) {
            onReply(reply.getXid(), reply, isLastPart(reply));
        } else {
            log.debug("switch {} sent unsolicited {}", this, message);
        }
    }

    private void onRaw(RawOfMessage raw) {
        Optional<SwitchError> error = SwitchError.of(raw, cause(raw.xid()));
        if (error.isPresent()) {
            onError(error.get());
        } else if (Bundles.parseControl(raw).isPresent() && pending.containsKey(raw.xid())) {
            onReply(raw.xid(), raw, true);
        } else {
            log.warn("switch {} sent a message Sluice cannot read ({}); closing the session", this, raw);
            channel.close();
        }
    }

    private void onError(SwitchError error) {
        PendingRequest request = pending.remove(error.xid());
        if (request != null) {
            log.warn("switch {} answered {} with an error: {}", this, request.request, error.description());
            request.future.completeExceptionally(new OpenFlowException(error.toString()));
            return;
        }
        log.warn("switch {} rejected a request: {}", this, error);
        synchronized (errors) {
            errors.add(error);
        }
    }

    private void onReply(long xid, Object reply, boolean last) {
        PendingRequest request = pending.get(xid);
        request.replies.add(reply);
        if (last) {
            pending.remove(xid);
            request.future.complete(List.copyOf(request.replies));
        }
    }

    private void onPortStatus(OFPortStatus status) {
        if (status.getReason() == OFPortReason.DELETE) {
            synchronized (ports) {
                ports.remove(status.getDesc().getPortNo().getPortNumber());
            }
        } else {
            synchronized (ports) {
                ports.add(status.getDesc().getPortNo().getPortNumber());
            }
        }
        listener.portChanged(this, status);
    }

    private static boolean isLastPart(OFMessage reply) {
        return !(reply instanceof OFStatsReply stats) || !stats.getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
    }

    private CompletableFuture<List<Object>> request(long xid, Object message, Object description) {
        CompletableFuture<List<Object>> future = register(xid, description);
        writeAndFlush(List.of(message));
        return future;
    }

    private CompletableFuture<List<Object>> register(long xid, Object description) {
        PendingRequest request = new PendingRequest(description);
        pending.put(xid, request);
        if (!channel.isActive()) {
            pending.remove(xid);
            request.future.completeExceptionally(new OpenFlowException("session to " + this + " is closed"));
        }
        return request.future;
    }

    /**
     * Encodes messages straight into a few large buffers on the channel's thread, in order, in tasks of
     * bounded size: one write per 64 KiB instead of one per message through the pipeline.
     */
    private void writeAndFlush(List<?> messages) {
        for (int from = 0; from < messages.size(); from += MESSAGES_PER_TASK) {
            List<?> chunk = messages.subList(from, Math.min(messages.size(), from + MESSAGES_PER_TASK));
            channel.eventLoop().execute(() -> {
                ByteBuf buffer = null;
                for (Object message : chunk) {
                    if (buffer == null) {
                        buffer = channel.alloc().ioBuffer(WRITE_BUFFER_BYTES);
                    }
                    OfCodec.encode(message, buffer);
                    if (buffer.readableBytes() >= WRITE_BUFFER_BYTES) {
                        channel.write(buffer, channel.voidPromise());
                        buffer = null;
                    }
                }
                if (buffer != null) {
                    channel.write(buffer, channel.voidPromise());
                }
                channel.flush();
            });
        }
    }

    /** Keeps sent messages until a barrier covers them; returns the batch's sequence number. */
    private long remember(List<? extends OFMessage> messages) {
        long sequence = batchSequence.incrementAndGet();
        unacknowledged.add(new SentBatch(sequence, messages));
        return sequence;
    }

    private Optional<Object> cause(long xid) {
        PendingRequest request = pending.get(xid);
        if (request != null) {
            return Optional.of(request.request);
        }
        for (SentBatch batch : unacknowledged) {
            OFMessage sent = batch.find(xid);
            if (sent != null) {
                return Optional.of(sent);
            }
        }
        return Optional.empty();
    }

    private List<SwitchError> drainErrorsUpTo(long batch) {
        unacknowledged.removeIf(b -> b.sequence() <= batch);
        synchronized (errors) {
            List<SwitchError> drained = List.copyOf(errors);
            errors.clear();
            return drained;
        }
    }

    private void failAll(String reason) {
        pending.values().forEach(p -> p.future.completeExceptionally(new OpenFlowException(reason)));
        pending.clear();
        unacknowledged.clear();
    }

    @Override
    public String toString() {
        return dpid().toString();
    }
}
