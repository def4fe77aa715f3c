package io.sluice.models.ipam;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import io.sluice.models.tenant.AllocationPool;

/** The model's address strings (already validated, canonical) as the library's values, for its arithmetic. */
final class Addresses {
    private Addresses() {
    }

    static IPAddress parse(String canonical) {
        return new IPAddressString(canonical).getAddress();
    }

    static IPAddressSeqRange range(AllocationPool pool) {
        return parse(pool.start()).spanWithRange(parse(pool.end()));
    }

    static AllocationPool pool(IPAddressSeqRange range) {
        return new AllocationPool(range.getLower().toCanonicalString(), range.getUpper().toCanonicalString());
    }
}
