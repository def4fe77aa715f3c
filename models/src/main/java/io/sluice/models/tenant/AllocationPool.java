package io.sluice.models.tenant;

/** A range of addresses a subnet hands out, both ends included. */
public record AllocationPool(String start, String end) {
    public AllocationPool {
        start = Check.ipv4("allocation_pools.start", start);
        end = Check.ipv4("allocation_pools.end", end);
    }
}
