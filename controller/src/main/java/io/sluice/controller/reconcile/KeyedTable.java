package io.sluice.controller.reconcile;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.objects.ObjectOpenCustomHashSet;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One index of a {@link SwitchState}: items by the key each item carries (a flow's {@code FlowKey}, a group's id),
 * held as an open hash set of the items alone, hashed and compared by their keys, so an entry costs one slot
 * and no key is stored beside its item. Its {@link Map#hashCode} is kept as items come and go. Immutable.
 */
final class KeyedTable<K, V> {
    private final ObjectOpenCustomHashSet<Object> items;
    private final ByKey<K, V> byKey;
    private final Map<K, V> view;
    private final int hash;

    /** Hashes and compares items (and the keys lookups probe with) by their keys. */
    private record ByKey<K, V>(Class<V> itemType, Function<V, K> key) implements Hash.Strategy<Object> {
        Object keyOf(Object keyOrItem) {
            return itemType.isInstance(keyOrItem) ? key.apply(itemType.cast(keyOrItem)) : keyOrItem;
        }

        @Override
        public int hashCode(Object keyOrItem) {
            return keyOrItem == null ? 0 : keyOf(keyOrItem).hashCode();
        }

        @Override
        public boolean equals(Object a, Object b) {
            return a == b || a != null && b != null && keyOf(a).equals(keyOf(b));
        }
    }

    private KeyedTable(ObjectOpenCustomHashSet<Object> items, ByKey<K, V> byKey, int hash) {
        this.items = items;
        this.byKey = byKey;
        this.view = new View();
        this.hash = hash;
    }

    /** The items indexed; two different items with one key throw, naming {@code clash}. */
    static <K, V> KeyedTable<K, V> of(Collection<V> items, Class<V> itemType, Function<V, K> key, String clash) {
        ByKey<K, V> byKey = new ByKey<>(itemType, key);
        ObjectOpenCustomHashSet<Object> set = new ObjectOpenCustomHashSet<>(items.size(), byKey);
        int hash = 0;
        for (V item : items) {
            Object previous = set.get(item);
            if (previous == null) {
                set.add(item);
                hash += entryHash(key.apply(item), item);
            } else if (!previous.equals(item)) {
                throw new IllegalStateException("two " + clash + " " + key.apply(item) + ": " + previous + " and "
                        + item);
            }
        }
        return new KeyedTable<>(set, byKey, hash);
    }

    /** This table with the keys {@code out} taken out, then each item of {@code in} put in under its key. */
    KeyedTable<K, V> edited(Collection<K> out, Collection<V> in) {
        if (out.isEmpty() && in.isEmpty()) {
            return this;
        }
        ObjectOpenCustomHashSet<Object> edited = items.clone();
        int editedHash = hash;
        for (K k : out) {
            editedHash -= removed(edited, k);
        }
        for (V item : in) {
            K k = byKey.key().apply(item);
            editedHash -= removed(edited, k);
            edited.add(item);
            editedHash += entryHash(k, item);
        }
        return new KeyedTable<>(edited, byKey, editedHash);
    }

    /** Takes the item under {@code k} out of {@code set}; its entry's share of the hash, 0 if there was none. */
    private int removed(ObjectOpenCustomHashSet<Object> set, K k) {
        Object item = set.get(k);
        if (item == null) {
            return 0;
        }
        set.remove(k);
        return entryHash(k, item);
    }

    /** The items by key, unmodifiable. */
    Map<K, V> view() {
        return view;
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
        if (!(o instanceof KeyedTable<?, ?> other) || hash != other.hash || items.size() != other.items.size()) {
            return false;
        }
        for (Object item : items) {
            if (!item.equals(other.items.get(byKey.keyOf(item)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The items as a map by key: lookups probe the set with the key itself. */
    private final class View extends AbstractMap<K, V> {
        private final Set<Entry<K, V>> entries = new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                Iterator<Object> each = items.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return each.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        V item = byKey.itemType().cast(each.next());
                        return new SimpleImmutableEntry<>(byKey.key().apply(item), item);
                    }
                };
            }

            @Override
            public int size() {
                return items.size();
            }
        };

        @Override
        public Set<Entry<K, V>> entrySet() {
            return entries;
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public V get(Object key) {
            return key == null || byKey.itemType().isInstance(key) ? null : byKey.itemType().cast(items.get(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
