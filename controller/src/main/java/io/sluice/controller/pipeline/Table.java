package io.sluice.controller.pipeline;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sluice's OpenFlow pipeline on br-int, declared once. Every table is named here with its stage number,
 * its purpose, the tables it may jump to and what happens to a packet no flow matches. Code names tables
 * through this enum, never by number; docs/pipeline.md describes each table and its priority bands.
 *
 * <p>Stages are spaced by ten so a stage can be inserted later without renumbering the others (flows
 * installed on switches name tables by number, so renumbering would force a rewrite of every flow).
 */
public enum Table {
    /** Which port or tunnel did the packet come from: VM port, tunnel (VNI or label), provider bridge. */
    CLASSIFY(0, Miss.DROP),
    /** A VM may send only with its own MAC and IP addresses (plus allowed address pairs). */
    PORT_SECURITY(10, Miss.DROP),
    /** ARP for known addresses is answered here; DHCP is punted to the controller. */
    ARP_DHCP(20, Miss.NEXT),
    /** Per-network routing: VRF lookup on destination IP for MPLS networks, routes towards routers. */
    L3_VRF(30, Miss.NEXT),
    /** Destination MAC lookup within the network: to a local port or a tunnel; the rest to the flood group. */
    L2_FORWARD(40, Miss.DROP),
    /** Last checks before a packet leaves on a local port. */
    EGRESS(50, Miss.DROP);

    /** What a packet that matches no flow of the table becomes. */
    public enum Miss {
        /** Dropped: the table only lets through what a flow allows. */
        DROP,
        /** Continues to the next stage: the table only intercepts what a flow claims. */
        NEXT
    }

    private final int id;
    private final Miss miss;

    Table(int id, Miss miss) {
        this.id = id;
        this.miss = miss;
    }

    public int id() {
        return id;
    }

    public Miss miss() {
        return miss;
    }

    /** The stage after this one, if any. */
    public Optional<Table> next() {
        int next = ordinal() + 1;
        return next < values().length ? Optional.of(values()[next]) : Optional.empty();
    }

    /**
     * Tables a flow of this table may jump to. OpenFlow only allows forward jumps; Sluice further allows
     * only the stages after this one, so a packet can never loop inside the pipeline.
     */
    public Set<Table> allowedGotos() {
        Set<Table> later = EnumSet.noneOf(Table.class);
        Arrays.stream(values()).filter(t -> t.ordinal() > ordinal()).forEach(later::add);
        return later;
    }

    /** The table with this OpenFlow table id, if it is one of Sluice's. */
    public static Optional<Table> byId(int id) {
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst();
    }

    /** A table id for logs: the name when the table is Sluice's, the number otherwise. */
    public static String describe(int id) {
        return byId(id).map(Table::name).orElse("table " + id);
    }
}
