package io.sluice.controller.store;

/** One document of a kind, as listed: its id, value and the revision that last wrote it. */
public record Entry(String id, Versioned versioned) {
    public byte[] value() {
        return versioned.value();
    }

    public long modRevision() {
        return versioned.modRevision();
    }
}
