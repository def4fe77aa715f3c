package io.sluice.controller.compile;

import java.util.ArrayList;
import java.util.function.Function;

/**
 * What compilers built for one switch at its last compile, so that after a one-port change a compile builds
 * only that port's flows: OpenFlow matches and actions are most of a compile's cost. Results are found by the
 * exact inputs they were built from in the {@link SharedResults} of every switch, which hold each result while
 * some memo uses it; a memo holds a use of what its switch's compiles use, and only that. So the switches of a
 * network hold one copy of each remote port's flows, and flows of unchanged ports are the very instances of the
 * last desired state: the reconciler's comparison with it and its diff with the installed state are mostly
 * identity checks.
 *
 * <p>Exact by construction: a result is computed by a function that receives nothing but its key, a record of
 * every input it reads, so equal keys mean equal results whichever compile computed them. Generational: a
 * compile may reuse what the previous one used (held until it ends) and keeps only what it uses itself, so a
 * memo never holds more than one desired state; a reference per use, the results and keys held once, shared.
 * Not thread-safe: one memo serves one switch, one compile at a time.
 */
final class Memo {
    private final SharedResults shared;
    private static final SharedResults.Held[] NONE = {};
    /**
     * What the last compile used (a use each time), held in the shared results until this one ends. An array of
     * exactly what was used, and no list while no compile runs: a switch has a memo for each network it serves.
     */
    private SharedResults.Held[] previous = NONE;
    /** What the running compile used so far; null while none runs. */
    private ArrayList<SharedResults.Held> current;

    Memo(SharedResults shared) {
        this.shared = shared;
    }

    /**
     * The result for this key: the one this switch or another still holds, else {@code build}'s.
     *
     * @param build a pure function of the key alone (a static method: it must read nothing else)
     */
    @SuppressWarnings("unchecked") // each key record type is used with one function, so its value type is V
    <K extends Record, V> V get(K key, Function<K, V> build) {
        SharedResults.Held use = shared.acquire(key, build);
        if (current == null) {
            current = new ArrayList<>();
        }
        current.add(use);
        return (V) use.value();
    }

    /** A compile finished: what it used is what the next one may reuse; the rest is let go. */
    void endCompile() {
        SharedResults.Held[] used = current == null ? NONE : current.toArray(NONE);
        current = null;
        shared.release(previous);
        previous = used;
    }

    /** The memo is no longer used (its network left the switch): everything it holds is let go. */
    void close() {
        endCompile();
        shared.release(previous);
        previous = NONE;
    }
}
