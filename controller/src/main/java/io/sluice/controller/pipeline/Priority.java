package io.sluice.controller.pipeline;

/**
 * Named priority bands. A priority only orders flows within a table: a more specific concern sits in a
 * higher band. It is never used as a type tag (the cookie says who owns a flow). docs/pipeline.md lists
 * which band each table uses.
 */
public enum Priority {
    /** The table-miss flow: what happens when nothing else matches. */
    TABLE_MISS(0),
    /** Broad per-network rules, e.g. flood within a network. */
    NETWORK(100),
    /** A VRF's routes: the band plus the prefix length (0..32), so the longest prefix wins. */
    ROUTE(100),
    /** Rules for one port or one address, e.g. a VM's MAC, its port security. */
    PORT(200),
    /**
     * A port's packets set apart from a broader rule of the same table: its own ARP probes go unanswered; the
     * ARP of a port without port security goes through its meter.
     */
    PORT_EXCEPTION(300),
    /** Operator-supplied static flows: above the compiled bands so they can override them. */
    OPERATOR(1000);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
