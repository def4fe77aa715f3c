package io.sluice.controller.compile;

import com.google.common.collect.MapMaker;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * What compilers built, by the exact inputs they built it from, shared by every switch's {@link Memo}: a remote
 * port's flows are the same on every switch of its network, so they are built once and held once, not once per
 * switch (at 100 hypervisors × 100 ports, 20 copies of each). Exact for the reason a memo is: a result is a
 * function of its key alone, whichever switch's compile asks.
 *
 * <p>Values are weakly held: the memos of the switches using a result hold it strongly, so it lives exactly
 * as long as some switch's desired state may still reuse it. Thread-safe: switches compile concurrently.
 */
final class SharedResults {
    private final ConcurrentMap<Record, Object> results = new MapMaker().weakValues().makeMap();

    /**
     * The result some switch built for this key and still holds, else {@code build}'s. Two switches building
     * one key at once both build it, and both get the one that was stored first.
     */
    @SuppressWarnings("unchecked") // each key record type is used with one function, so its value type is V
    <K extends Record, V> V get(K key, Function<K, V> build) {
        Object value = results.get(key);
        if (value == null) {
            Object built = build.apply(key);
            Object first = results.putIfAbsent(key, built);
            value = first == null ? built : first;
        }
        return (V) value;
    }
}
