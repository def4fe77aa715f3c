package io.sluice.controller.reconcile;

import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * One index of a {@link SwitchState}: items by the key each item carries (a flow's {@code FlowKey}, a group's id),
 * held as one array of the items alone, ordered by their keys' hashes and searched by halves, so an entry costs
 * one reference: no key is stored beside its item and no slot stands empty (an open hash table at OpenFlow's
 * ~3,900 flows a switch kept 8,192 slots; the keys cache their hashes, so a probe reads no key's bytes). Its
 * {@link Map#hashCode} is kept as items come and go. Immutable.
 */
final class KeyedTable<K, V> {
    /**
     * How a table reads the key an item carries: the key, and its hash and whether it is a given key without
     * making it (a flow makes its key on demand, and a search reads a dozen items' keys).
     */
    interface Keys<K, V> {
        K of(V item);

        /** The hash of {@link #of}'s key. */
        int hashOf(V item);

        boolean isUnder(V item, Object key);

        /** Keys an item holds as they are. */
        static <K, V> Keys<K, V> held(Function<V, K> key) {
            return new Keys<>() {
                @Override
                public K of(V item) {
                    return key.apply(item);
                }

                @Override
                public int hashOf(V item) {
                    return key.apply(item).hashCode();
                }

                @Override
                public boolean isUnder(V item, Object k) {
                    return key.apply(item).equals(k);
                }
            };
        }
    }

    private final Object[] items;
    private final Class<V> itemType;
    private final Keys<K, V> key;
    private final Map<K, V> view;
    private final int hash;

    private KeyedTable(Object[] items, Class<V> itemType, Keys<K, V> key, int hash) {
        this.items = items;
        this.itemType = itemType;
        this.key = key;
        this.view = new View();
        this.hash = hash;
    }

    /**
     * The items indexed; two different items with one key throw, naming {@code clash}. Each item's key hash is read
     * once, the items ordered by it as primitives (hash, then place: stable), and a key is made only for an item
     * whose hash an earlier kept item shares, to look for its equal among those.
     */
    static <K, V> KeyedTable<K, V> of(Collection<V> items, Class<V> itemType, Keys<K, V> key, String clash) {
        Object[] given = items.toArray();
        long[] order = new long[given.length];
        for (int at = 0; at < given.length; at++) {
            order[at] = (long) key.hashOf(itemType.cast(given[at])) << 32 | at;
        }
        Arrays.sort(order);
        Object[] kept = new Object[given.length];
        int[] keptHashes = new int[given.length];
        int count = 0;
        int hash = 0;
        for (long each : order) {
            V item = itemType.cast(given[(int) each]);
            int h = (int) (each >> 32);
            Object previous = null;
            if (count > 0 && keptHashes[count - 1] == h) {
                K k = key.of(item);
                for (int back = count - 1; back >= 0 && keptHashes[back] == h && previous == null; back--) {
                    if (key.isUnder(itemType.cast(kept[back]), k)) {
                        previous = kept[back];
                    }
                }
            }
            if (previous == null) {
                kept[count] = item;
                keptHashes[count++] = h;
                hash += h ^ item.hashCode();
            } else if (!previous.equals(item)) {
                throw new IllegalStateException("two " + clash + " " + key.of(item) + ": " + previous + " and " + item);
            }
        }
        return new KeyedTable<>(count == kept.length ? kept : Arrays.copyOf(kept, count), itemType, key, hash);
    }

    /** This table with the keys {@code out} taken out, then each item of {@code in} put in under its key. */
    KeyedTable<K, V> edited(Collection<K> out, Collection<V> in) {
        if (out.isEmpty() && in.isEmpty()) {
            return this;
        }
        Map<K, V> put = new HashMap<>(in.size() * 4 / 3 + 1);
        in.forEach(item -> put.put(key.of(item), item)); // a later item replaces an earlier one under its key
        IntOpenHashSet gone = new IntOpenHashSet();
        int editedHash = hash;
        for (K k : out) {
            int at = indexOf(k);
            if (at >= 0 && gone.add(at)) {
                editedHash -= entryHash(k, items[at]);
            }
        }
        List<Object> added = new ArrayList<>(put.size());
        for (Map.Entry<K, V> entry : put.entrySet()) {
            int at = indexOf(entry.getKey());
            if (at >= 0 && gone.add(at)) {
                editedHash -= entryHash(entry.getKey(), items[at]);
            }
            added.add(entry.getValue());
            editedHash += entryHash(entry.getKey(), entry.getValue());
        }
        added.sort(byKeyHash(itemType, key));
        return new KeyedTable<>(merged(without(items, gone), added), itemType, key, editedHash);
    }

    /** The items but those at the given places, copied run by run. */
    private static Object[] without(Object[] items, IntOpenHashSet places) {
        if (places.isEmpty()) {
            return items;
        }
        int[] cuts = places.toIntArray();
        Arrays.sort(cuts);
        Object[] kept = new Object[items.length - cuts.length];
        int from = 0;
        int to = 0;
        for (int cut : cuts) {
            System.arraycopy(items, from, kept, to, cut - from);
            to += cut - from;
            from = cut + 1;
        }
        System.arraycopy(items, from, kept, to, items.length - from);
        return kept;
    }

    /** Both ordered by their keys' hashes, merged in that order: each added item is placed by a search. */
    private Object[] merged(Object[] kept, List<Object> added) {
        if (added.isEmpty()) {
            return kept; // the items themselves when none was taken out: a table never changes its array
        }
        Object[] merged = new Object[kept.length + added.size()];
        int from = 0;
        int to = 0;
        for (Object item : added) {
            int at = firstNotBelow(kept, from, kept.length, key.hashOf(itemType.cast(item)), itemType, key);
            System.arraycopy(kept, from, merged, to, at - from);
            to += at - from;
            from = at;
            merged[to++] = item;
        }
        System.arraycopy(kept, from, merged, to, kept.length - from);
        return merged;
    }

    /** The items by key, unmodifiable. */
    Map<K, V> view() {
        return view;
    }

    private static <K, V> Comparator<Object> byKeyHash(Class<V> itemType, Keys<K, V> key) {
        return Comparator.comparingInt(item -> key.hashOf(itemType.cast(item)));
    }

    /** Where the item under {@code k} is, -1 if none. */
    private int indexOf(Object k) {
        return indexOf(items, 0, items.length, k, itemType, key);
    }

    /** Where, among {@code items[from, to)} ordered by their keys' hashes, the item under {@code k} is; -1 if none. */
    private static <K, V> int indexOf(Object[] items, int from, int to, Object k, Class<V> itemType,
                                      Keys<K, V> key) {
        int h = k.hashCode();
        for (int at = firstNotBelow(items, from, to, h, itemType, key); at < to; at++) {
            V candidate = itemType.cast(items[at]);
            if (key.hashOf(candidate) != h) {
                return -1;
            }
            if (key.isUnder(candidate, k)) {
                return at;
            }
        }
        return -1;
    }

    /** The first place among {@code items[from, to)}, ordered by their keys' hashes, whose key's hash is not below h. */
    private static <K, V> int firstNotBelow(Object[] items, int from, int to, int h, Class<V> itemType,
                                            Keys<K, V> key) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (key.hashOf(itemType.cast(items[mid])) < h) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int entryHash(Object key, Object value) {
        return key.hashCode() ^ value.hashCode();
    }

    /** Equal when both map equal keys to equal items, as their {@link #view}s compare. */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof KeyedTable<?, ?> other) || hash != other.hash || items.length != other.items.length) {
            return false;
        }
        for (int at = 0; at < items.length; at++) {
            // in the same order unless keys' hashes tie: then the item is looked up
            if (!items[at].equals(other.items[at])
                    && !items[at].equals(other.view.get(key.of(itemType.cast(items[at]))))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The items as a map by key: lookups search the array with the key itself. */
    private final class View extends AbstractMap<K, V> {
        private final Set<Entry<K, V>> entries = new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < items.length;
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (next >= items.length) {
                            throw new NoSuchElementException();
                        }
                        V item = itemType.cast(items[next++]);
                        return new SimpleImmutableEntry<>(key.of(item), item);
                    }
                };
            }

            @Override
            public int size() {
                return items.length;
            }
        };

        @Override
        public Set<Entry<K, V>> entrySet() {
            return entries;
        }

        @Override
        public int size() {
            return items.length;
        }

        @Override
        public V get(Object k) {
            if (k == null || itemType.isInstance(k)) {
                return null;
            }
            int at = indexOf(k);
            return at < 0 ? null : itemType.cast(items[at]);
        }

        @Override
        public boolean containsKey(Object k) {
            return get(k) != null;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
