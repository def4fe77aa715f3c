package io.sluice.controller.compile;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What compilers built for one switch at its last compile, by the exact inputs they built it from, so that
 * after a one-port change a compile builds only that port's flows: OpenFlow matches and actions are most of
 * a compile's cost. Flows of unchanged ports are then the very instances of the last desired state, so the
 * reconciler's comparison with it and its diff with the installed state are mostly identity checks too. What
 * the last compile did not build, another switch's may have: a memo asks the {@link SharedResults} before
 * building, and holds what it gets, so the switches of a network hold one copy of each remote port's flows.
 *
 * <p>Exact by construction: a result is computed by a function that receives nothing but its key, a record of
 * every input it reads, so equal keys mean equal results whichever compile computed them. Generational: a
 * compile finds what the previous one used and keeps only what it uses itself, so a memo never holds more
 * than one desired state. Not thread-safe: one memo serves one switch, one compile at a time.
 */
final class Memo {
    private final SharedResults shared;
    private Map<Record, Object> previous = new HashMap<>();
    private Map<Record, Object> current = new HashMap<>();

    Memo(SharedResults shared) {
        this.shared = shared;
    }

    /**
     * The result for this key: the one built by this or the previous compile, else the one another switch
     * holds, else {@code build}'s.
     *
     * @param build a pure function of the key alone (a static method: it must read nothing else)
     */
    @SuppressWarnings("unchecked") // each key record type is used with one function, so its value type is V
    <K extends Record, V> V get(K key, Function<K, V> build) {
        Object value = current.get(key);
        if (value == null) {
            value = previous.remove(key);
            if (value == null) {
                value = shared.get(key, build);
            }
            current.put(key, value);
        }
        return (V) value;
    }

    /** A compile finished: what it used is what the next one may reuse; the rest is dropped. */
    void endCompile() {
        previous = current;
        current = new HashMap<>(previous.size() * 4 / 3 + 1);
    }
}
