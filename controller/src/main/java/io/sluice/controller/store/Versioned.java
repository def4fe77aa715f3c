package io.sluice.controller.store;

import java.util.Arrays;

/**
 * A document's value and the revision of the commit that last wrote it. The array is not copied: callers
 * must not change it after handing it over or after reading it.
 */
public record Versioned(byte[] value, long modRevision) {
    public Versioned {
        if (value == null) {
            throw new IllegalArgumentException("a document value must not be null");
        }
        if (modRevision < 1) {
            throw new IllegalArgumentException("mod revision must be >= 1: " + modRevision);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && modRevision == v.modRevision && Arrays.equals(value, v.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(value) + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "Versioned[" + value.length + " bytes, modRevision=" + modRevision + "]";
    }
}
