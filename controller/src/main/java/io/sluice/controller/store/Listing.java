package io.sluice.controller.store;

import java.util.List;

/**
 * The documents of one kind as of {@code revision}: a caller that resyncs lists, then watches from
 * {@code revision}, misses no change and sees none twice.
 */
public record Listing(long revision, List<Entry> entries) {
    public Listing {
        entries = List.copyOf(entries);
    }
}
