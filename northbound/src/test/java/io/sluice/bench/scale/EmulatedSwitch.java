package io.sluice.bench.scale;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.controller.openflow.Bundles;
import io.sluice.controller.openflow.RawOfMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.Writeable;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/**
 * One emulated Open vSwitch br-int as the controller sees it over OpenFlow 1.3: answers the handshake,
 * echoes, barriers and the flow, group and meter dumps from its {@link FlowTable}; applies flow-, group- and
 * meter-mods and ONF bundles (open, add, commit all or nothing, discard); reports its ports and port-status
 * for VMs plugged; counts what it was sent. No I/O: the connection hands it each decoded message and writes
 * what it answers. Its tables outlive a connection, as OVS keeps its flows when the controller goes away;
 * open bundles do not. Not thread-safe: one event loop owns it.
 */
final class EmulatedSwitch {
    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** br-int's flow-based tunnel ports, as the node agent numbers them. */
    static final int VXLAN_OFPORT = 65000;
    static final int MPLSOGRE_OFPORT = 65001;
    /** A network node's patch port to its external bridge ({@code int-br-ex}). */
    static final int PROVIDER_OFPORT = 65002;
    /** Stay under OpenFlow's 64 KiB message limit with room for the multipart header. */
    private static final int MULTIPART_BYTES = 60_000;
    private static final int OF13_WIRE = 4;
    private static final int OFPT_ERROR = 1;
    private static final int OFPT_MULTIPART_REPLY = 19;
    private static final int OFPMP_FLOW = 1;
    private static final int OFPMP_GROUP_DESC = 7;
    private static final int OFPMP_METER_CONFIG = 10;
    private static final int OFPMPF_REPLY_MORE = 1;
    /** ofp_header, then the multipart reply's type, flags and four bytes of padding. */
    private static final int MULTIPART_REPLY_HEADER = 16;
    private static final int OFPET_EXPERIMENTER = 0xFFFF;
    private static final int ONF_BUNDLE_MSG_FAILED = 2313;
    private static final int BUNDLE_ADD_HEADER = 24;

    private final DatapathId dpid;
    private final LongSupplier clockMicros;
    /** Told of every mod received and every change acknowledged: what a driver waiting for quiet watches. */
    private final Runnable activity;
    private final Map<Integer, OFPortDesc> ports = new TreeMap<>();
    private final Map<Long, List<OFMessage>> openBundles = new HashMap<>();
    private FlowTable table = new FlowTable();
    private final Counters counters = new Counters();
    private boolean changedSinceAck;

    /** What the switch was sent, and when it last changed and last acknowledged a change. */
    static final class Counters {
        long flowMods;
        long groupMods;
        long meterMods;
        long bundlesCommitted;
        long bundlesRefused;
        long errorsSent;
        long lastChangeMicros;
        long lastAckMicros;
        long connections;
    }

    EmulatedSwitch(DatapathId dpid, LongSupplier clockMicros) {
        this(dpid, clockMicros, () -> { });
    }

    EmulatedSwitch(DatapathId dpid, LongSupplier clockMicros, Runnable activity) {
        this.dpid = dpid;
        this.clockMicros = clockMicros;
        this.activity = activity;
        addPort(VXLAN_OFPORT, "vxlan-sluice", MacAddress.of(0x0200_0000_0000L | VXLAN_OFPORT));
        addPort(MPLSOGRE_OFPORT, "mplsogre-sluice", MacAddress.of(0x0200_0000_0000L | MPLSOGRE_OFPORT));
    }

    DatapathId dpid() {
        return dpid;
    }

    /** Adds br-int's patch port to the external bridge, as the node agent does on a network node. */
    void addProviderPatch() {
        addPort(PROVIDER_OFPORT, "int-br-ex", MacAddress.of(0x0200_0000_0000L | PROVIDER_OFPORT));
    }

    Counters counters() {
        return counters;
    }

    FlowTable table() {
        return table;
    }

    /** What a new connection sends first: HELLO with OpenFlow 1.3 in its version bitmap, as OVS does. */
    OFHello hello() {
        counters.connections++;
        return OF13.buildHello().setXid(0).setElements(List.of(OF13.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(1L << OF13_WIRE))).build())).build();
    }

    /** The connection went away: bundles it opened are discarded, as OVS discards them. */
    void disconnected() {
        openBundles.clear();
    }

    /** A VM's port appears on br-int: the port-status to send if connected. */
    OFPortStatus plug(int ofport, String name, MacAddress mac) {
        return OF13.buildPortStatus().setReason(OFPortReason.ADD).setDesc(addPort(ofport, name, mac)).build();
    }

    /** A VM's port goes: the port-status to send, if the port was there. */
    Optional<OFPortStatus> unplug(int ofport) {
        OFPortDesc gone = ports.remove(ofport);
        return Optional.ofNullable(gone).map(desc -> OF13.buildPortStatus().setReason(OFPortReason.DELETE)
                .setDesc(desc).build());
    }

    /** The switch's answers to one message from the controller, in order. */
    List<Object> handle(Object message) {
        if (message instanceof RawOfMessage raw) {
            return bundle(raw);
        }
        OFMessage m = (OFMessage) message;
        long xid = m.getXid();
        if (m instanceof OFHello || m instanceof OFSetConfig || m instanceof OFEchoReply || m instanceof OFPacketOut) {
            return List.of();
        }
        if (m instanceof OFFeaturesRequest) {
            return List.of(OF13.buildFeaturesReply().setXid(xid).setDatapathId(dpid).setNBuffers(0)
                    .setNTables((short) 254).setCapabilities(Set.of()).build());
        }
        if (m instanceof OFPortDescStatsRequest) {
            return List.of(OF13.buildPortDescStatsReply().setXid(xid).setFlags(Set.of())
                    .setEntries(List.copyOf(ports.values())).build());
        }
        if (m instanceof OFRoleRequest role) {
            return List.of(OF13.buildRoleReply().setXid(xid).setRole(role.getRole())
                    .setGenerationId(role.getGenerationId()).build());
        }
        if (m instanceof OFEchoRequest echo) {
            return List.of(OF13.buildEchoReply().setXid(xid).setData(echo.getData()).build());
        }
        if (m instanceof OFDescStatsRequest) {
            return List.of(OF13.buildDescStatsReply().setXid(xid).setFlags(Set.of()).setMfrDesc("sluice")
                    .setHwDesc("switch fleet").setSwDesc("emulated br-int").setSerialNum(dpid.toString())
                    .setDpDesc("").build());
        }
        if (m instanceof OFBarrierRequest) {
            if (changedSinceAck) {
                counters.lastAckMicros = clockMicros.getAsLong();
                changedSinceAck = false;
                activity.run();
            }
            return List.of(OF13.buildBarrierReply().setXid(xid).build());
        }
        if (m instanceof OFFlowMod || m instanceof OFGroupMod || m instanceof OFMeterMod) {
            return apply(table, m).<List<Object>>map(List::of).orElse(List.of());
        }
        if (m instanceof OFFlowStatsRequest request) {
            return multipart(xid, OFPMP_FLOW, table.flows(request));
        }
        if (m instanceof OFGroupDescStatsRequest) {
            return multipart(xid, OFPMP_GROUP_DESC, table.groups());
        }
        if (m instanceof OFMeterConfigStatsRequest request) {
            return multipart(xid, OFPMP_METER_CONFIG, table.meters(request.getMeterId()));
        }
        counters.errorsSent++;
        return List.of(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(xid).setCode(OFBadRequestCode.BAD_TYPE)
                .build());
    }

    private Optional<OFErrorMsg> apply(FlowTable target, OFMessage mod) {
        activity.run();
        if (mod instanceof OFFlowMod) {
            counters.flowMods++;
        } else if (mod instanceof OFGroupMod) {
            counters.groupMods++;
        } else {
            counters.meterMods++;
        }
        Optional<OFErrorMsg> error = target.apply(mod);
        if (error.isPresent()) {
            counters.errorsSent++;
        } else {
            changed();
        }
        return error;
    }

    private void changed() {
        counters.lastChangeMicros = clockMicros.getAsLong();
        changedSinceAck = true;
    }

    private List<Object> bundle(RawOfMessage raw) {
        Optional<Bundles.Control> control = Bundles.parseControl(raw);
        if (control.isPresent()) {
            return control(control.get());
        }
        Optional<BundleAdd> add = BundleAdd.parse(raw);
        if (add.isEmpty()) {
            counters.errorsSent++;
            return List.of(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(raw.xid())
                    .setCode(OFBadRequestCode.BAD_EXPERIMENTER).build());
        }
        List<OFMessage> bundle = openBundles.get(add.get().bundleId());
        if (bundle == null) {
            return List.of(bundleError(raw.xid()));
        }
        bundle.add(add.get().message());
        return List.of();
    }

    private List<Object> control(Bundles.Control control) {
        long id = control.bundleId();
        return switch (control.type()) {
            case OPEN_REQUEST -> {
                openBundles.put(id, new ArrayList<>());
                yield List.of(Bundles.control(control.xid(), id, Bundles.ControlType.OPEN_REPLY));
            }
            case CLOSE_REQUEST -> List.of(Bundles.control(control.xid(), id, Bundles.ControlType.CLOSE_REPLY));
            case DISCARD_REQUEST -> {
                openBundles.remove(id);
                yield List.of(Bundles.control(control.xid(), id, Bundles.ControlType.DISCARD_REPLY));
            }
            case COMMIT_REQUEST -> commit(control.xid(), id);
            default -> List.of(bundleError(control.xid()));
        };
    }

    /** Applies a bundle's messages to a copy of the tables, which replaces them only if every one applied. */
    private List<Object> commit(long xid, long bundleId) {
        List<OFMessage> messages = openBundles.remove(bundleId);
        if (messages == null) {
            return List.of(bundleError(xid));
        }
        FlowTable candidate = table.copy();
        for (OFMessage m : messages) {
            Optional<OFErrorMsg> error = apply(candidate, m);
            if (error.isPresent()) {
                counters.bundlesRefused++;
                return List.of(error.get(), bundleError(xid));
            }
        }
        table = candidate;
        counters.bundlesCommitted++;
        counters.lastAckMicros = clockMicros.getAsLong();
        changedSinceAck = false;
        activity.run();
        return List.of(Bundles.control(xid, bundleId, Bundles.ControlType.COMMIT_REPLY));
    }

    /** The ONF experimenter error OVS sends for a bundle that failed (OFPBFC_MSG_FAILED). */
    private RawOfMessage bundleError(long xid) {
        counters.errorsSent++;
        ByteBuf buf = Unpooled.buffer(16);
        buf.writeByte(OF13_WIRE).writeByte(OFPT_ERROR).writeShort(16).writeInt((int) xid);
        buf.writeShort(OFPET_EXPERIMENTER).writeShort(ONF_BUNDLE_MSG_FAILED);
        buf.writeInt((int) BundleAdd.ONF_EXPERIMENTER);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return new RawOfMessage(bytes);
    }

    /**
     * A dump in as many multipart replies as OpenFlow's 16-bit message length needs, all but the last marked MORE,
     * as Open vSwitch splits them: one reply of a switch's groups can pass 64 KiB at 100 flood groups of 19 peers.
     * Written as bytes: the switch holds its flows encoded, and a dump strings them together.
     */
    private static List<Object> multipart(long xid, int type, List<? extends Writeable> entries) {
        List<Object> replies = new ArrayList<>();
        ByteBuf part = Unpooled.buffer();
        ByteBuf entry = Unpooled.buffer();
        for (Writeable e : entries) {
            entry.clear();
            e.writeTo(entry);
            if (part.readableBytes() + entry.readableBytes() > MULTIPART_BYTES && part.isReadable()) {
                replies.add(multipartReply(xid, type, true, part));
                part.clear();
            }
            part.writeBytes(entry);
        }
        replies.add(multipartReply(xid, type, false, part));
        return replies;
    }

    private static RawOfMessage multipartReply(long xid, int type, boolean more, ByteBuf entries) {
        int length = MULTIPART_REPLY_HEADER + entries.readableBytes();
        ByteBuf reply = Unpooled.buffer(length).writeByte(OF13_WIRE).writeByte(OFPT_MULTIPART_REPLY)
                .writeShort(length).writeInt((int) xid).writeShort(type).writeShort(more ? OFPMPF_REPLY_MORE : 0)
                .writeZero(4).writeBytes(entries, entries.readerIndex(), entries.readableBytes());
        return new RawOfMessage(ByteBufUtil.getBytes(reply));
    }

    private OFPortDesc addPort(int ofport, String name, MacAddress mac) {
        OFPortDesc desc = OF13.buildPortDesc().setPortNo(OFPort.of(ofport)).setName(name).setHwAddr(mac).build();
        ports.put(ofport, desc);
        return desc;
    }

    /** A BUNDLE_ADD_MESSAGE: bundle id and the message inside (OpenFlowJ does not model bundles). */
    record BundleAdd(long bundleId, OFMessage message) {
        static final long ONF_EXPERIMENTER = 0x4F4E4600L;
        private static final int BUNDLE_ADD_MESSAGE = 2301;
        private static final int OFPT_EXPERIMENTER = 4;

        static Optional<BundleAdd> parse(RawOfMessage raw) {
            byte[] bytes = raw.bytes();
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            if (raw.type() != OFPT_EXPERIMENTER || bytes.length < BUNDLE_ADD_HEADER + 8
                    || buf.getUnsignedInt(8) != ONF_EXPERIMENTER || buf.getInt(12) != BUNDLE_ADD_MESSAGE) {
                return Optional.empty();
            }
            try {
                OFMessage inner = OFFactories.getGenericReader().readFrom(buf.slice(BUNDLE_ADD_HEADER,
                        bytes.length - BUNDLE_ADD_HEADER));
                return Optional.ofNullable(inner).map(m -> new BundleAdd(buf.getUnsignedInt(16), m));
            } catch (OFParseError | RuntimeException unparsed) {
                return Optional.empty();
            }
        }
    }
}
