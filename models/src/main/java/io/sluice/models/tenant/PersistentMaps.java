package io.sluice.models.tenant;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.organicdesign.fp.collections.PersistentHashMap;
import org.pcollections.PMap;

/**
 * The model's maps are persistent: a commit makes the next model by adding and removing the records it changes,
 * sharing everything else with the model before, where a copy of each map would cost as much as the cloud is
 * large (100,000 ports copied for one port created).
 *
 * <p>Each map also remembers which keys its last few versions changed ({@link #changedKeys}): what follows a
 * model (the compile, the port statuses) asks what differs between the model it saw last and the new one, and
 * finding that by comparing every entry cost as much as the cloud is large again, at every change.
 *
 * <p>The type is pcollections' {@link PMap}; the maps are Paguro's hash array mapped tries (Clojure's
 * {@code PersistentHashMap}): at 100,000 entries ~28 bytes an entry and ~55 ns a lookup, where pcollections'
 * {@code HashTreePMap} (a binary tree of hashes) took ~95 bytes and ~320 ns (docs/benchmarks.md, session 9).
 */
public final class PersistentMaps {
    /**
     * How many versions back a map finds the keys each changed: older steps are let go, so a map holds a bounded
     * history, and a difference across more versions is found by comparing every entry.
     */
    static final int LINEAGE = 64;

    private PersistentMaps() {
    }

    /** An empty persistent map. */
    public static <K, V> PMap<K, V> empty() {
        return new Tracked<>(PersistentHashMap.empty(), null);
    }

    /** The map itself if it is persistent already, else a persistent copy; null keys and values are refused. */
    public static <K, V> PMap<K, V> of(Map<K, V> map) {
        if (map instanceof Tracked<K, V> tracked) {
            return tracked;
        }
        PersistentHashMap.MutHashMap<K, V> copy = PersistentHashMap.emptyMutable();
        for (Map.Entry<K, V> entry : map.entrySet()) {
            copy.assoc(Objects.requireNonNull(entry.getKey()), Objects.requireNonNull(entry.getValue()));
        }
        return new Tracked<>(copy.immutable(), null);
    }

    /**
     * The keys whose values are other objects in the two maps, or that are in one only. When {@code after} was made
     * from {@code before} by a few {@code plus}/{@code minus} steps, found from the keys those steps named, in the
     * size of the change; otherwise by comparing every entry.
     */
    public static <K, V> Set<K> changedKeys(Map<K, V> before, Map<K, V> after) {
        Set<K> changed = new HashSet<>();
        if (before == after) {
            return changed;
        }
        Collection<K> named = named(before, after);
        if (named != null) {
            named.forEach(key -> {
                if (before.get(key) != after.get(key)) {
                    changed.add(key);
                }
            });
            return changed;
        }
        after.forEach((key, value) -> {
            if (before.get(key) != value) {
                changed.add(key);
            }
        });
        before.keySet().forEach(key -> {
            if (!after.containsKey(key)) {
                changed.add(key);
            }
        });
        return changed;
    }

    /** Every key the steps from {@code before} to {@code after} named, or null when after is not of before's line. */
    static <K> Collection<K> named(Map<K, ?> before, Map<K, ?> after) {
        if (!(before instanceof Tracked<K, ?> from) || !(after instanceof Tracked<K, ?> to)) {
            return null;
        }
        Set<K> keys = new HashSet<>();
        for (Step<K> step = to.step; step != null; step = step.parent) {
            if (step == from.step) {
                return keys;
            }
            keys.addAll(step.keys);
        }
        return null;
    }

    /**
     * One version's place in its lineage: the keys it changed from its parent. A version is its own step by
     * identity; the root of a lineage (a copy) has no keys. Each new step cuts the lineage {@link #LINEAGE} steps
     * above it, so the history kept is bounded and any version finds its last {@code LINEAGE} ancestors; the cut
     * only ever makes a walk fail (and its caller compare every entry), never find other keys. The parent is
     * volatile as the cut may come from another thread than a walk's.
     */
    private static final class Step<K> {
        private volatile Step<K> parent;
        private final Collection<? extends K> keys;

        private Step(Step<K> parent, Collection<? extends K> keys) {
            this.parent = parent;
            this.keys = keys;
        }

        Step<K> next(Collection<? extends K> changed) {
            Step<K> next = new Step<>(this, changed);
            Step<K> oldest = next;
            for (int i = 0; i < LINEAGE && oldest != null; i++) {
                oldest = oldest.parent;
            }
            if (oldest != null) {
                oldest.parent = null;
            }
            return next;
        }
    }

    /** A persistent map, each version with its step. */
    private static final class Tracked<K, V> extends AbstractMap<K, V> implements PMap<K, V> {
        private final PersistentHashMap<K, V> map;
        private final Step<K> step;

        private Tracked(PersistentHashMap<K, V> map, Step<K> parent) {
            this.map = map;
            this.step = parent == null ? new Step<>(null, List.of()) : parent;
        }

        private PMap<K, V> next(PersistentHashMap<K, V> changed, Collection<? extends K> keys) {
            return changed == map ? this : new Tracked<>(changed, step.next(keys));
        }

        @Override
        public PMap<K, V> plus(K key, V value) {
            return next(map.assoc(key, value), List.of(key));
        }

        @Override
        public PMap<K, V> plusAll(Map<? extends K, ? extends V> entries) {
            if (entries.isEmpty()) {
                return this;
            }
            PersistentHashMap.MutHashMap<K, V> changed = map.mutable();
            entries.forEach(changed::assoc);
            return next(changed.immutable(), List.copyOf(entries.keySet()));
        }

        @SuppressWarnings("unchecked")
        @Override
        public PMap<K, V> minus(Object key) {
            return next(map.without((K) key), List.of((K) key));
        }

        @SuppressWarnings("unchecked")
        @Override
        public PMap<K, V> minusAll(Collection<?> keys) {
            if (keys.isEmpty()) {
                return this;
            }
            PersistentHashMap.MutHashMap<K, V> changed = map.mutable();
            keys.forEach(key -> changed.without((K) key));
            return next(changed.immutable(), List.copyOf((Collection<? extends K>) keys));
        }

        /** A view: Paguro's own {@code entrySet} copies every entry into a new set. */
        @Override
        public Set<Entry<K, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                @SuppressWarnings({"unchecked", "rawtypes"}) // each UnEntry is a Map.Entry
                public Iterator<Entry<K, V>> iterator() {
                    return (Iterator) map.iterator();
                }

                @Override
                public int size() {
                    return map.size();
                }
            };
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Deprecated
        @Override
        public V put(K key, V value) {
            throw new UnsupportedOperationException();
        }

        @Deprecated
        @Override
        public V remove(Object key) {
            throw new UnsupportedOperationException();
        }

        @Deprecated
        @Override
        public void putAll(Map<? extends K, ? extends V> entries) {
            throw new UnsupportedOperationException();
        }

        @Deprecated
        @Override
        public void clear() {
            throw new UnsupportedOperationException();
        }
    }
}
