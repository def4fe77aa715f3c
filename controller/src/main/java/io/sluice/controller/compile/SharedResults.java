package io.sluice.controller.compile;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.objects.ObjectOpenCustomHashSet;
import java.util.function.Function;

/**
 * What compilers built, by the exact inputs they built it from, shared by every switch's {@link Memo}: a remote
 * port's flows are the same on every switch of its network, so they are built once and held once, not once per
 * switch (at 100 hypervisors × 100 ports, 20 copies of each). Exact for the reason a memo is: a result is a
 * function of its key alone, whichever switch's compile asks.
 *
 * <p>Counted, not weakly held: a memo {@link #acquire acquires} a result for each use and {@link #release
 * releases} the use when a later compile of its own (or the memo itself) is done with it; a result lives while
 * some memo holds a use. One small object a result in an open hash set, where a weak-value map cost a reference
 * object, an entry object and a table slot (~65 bytes a result, ~500 bytes a port at 100 × 100). A use never
 * released only keeps a result alive: which instance a key yields never changes what a compile yields.
 * Thread-safe: switches compile concurrently; a result is built outside the lock, so two switches building one
 * key at once both build it, and both get the one that was stored first.
 */
final class SharedResults {
    /** A result, the key it was built from and how many uses memos hold of it. */
    static final class Held {
        private final Record key;
        private final Object value;
        private int uses;

        private Held(Record key, Object value) {
            this.key = key;
            this.value = value;
        }

        Object value() {
            return value;
        }
    }

    /** Hashes and compares a {@link Held} (and the keys lookups probe with) by its key. */
    private static final Hash.Strategy<Object> BY_KEY = new Hash.Strategy<>() {
        @Override
        public int hashCode(Object heldOrKey) {
            return heldOrKey == null ? 0 : keyOf(heldOrKey).hashCode();
        }

        @Override
        public boolean equals(Object a, Object b) {
            return a == b || a != null && b != null && keyOf(a).equals(keyOf(b));
        }

        private static Object keyOf(Object heldOrKey) {
            return heldOrKey instanceof Held held ? held.key : heldOrKey;
        }
    };

    private final ObjectOpenCustomHashSet<Object> held = new ObjectOpenCustomHashSet<>(BY_KEY);

    /**
     * One use of the result some memo built for this key and still holds, else of {@code build}'s: the result
     * stays until the use is {@link #release released}.
     */
    <K extends Record, V> Held acquire(K key, Function<K, V> build) {
        synchronized (this) {
            Held found = (Held) held.get(key);
            if (found != null) {
                found.uses++;
                return found;
            }
        }
        Held built = new Held(key, build.apply(key));
        synchronized (this) {
            Held first = (Held) held.get(key);
            if (first == null) {
                held.add(built);
                first = built;
            }
            first.uses++;
            return first;
        }
    }

    /** Gives back one use of each (as often as it comes); a result with no use left is let go. */
    synchronized void release(Held[] uses) {
        for (Held use : uses) {
            if (use.uses <= 0) {
                throw new IllegalStateException("released more often than acquired: " + use.key);
            }
            if (--use.uses == 0) {
                held.remove(use.key);
            }
        }
    }

    /** How many results are held: what some memo still uses. */
    synchronized int size() {
        return held.size();
    }
}
