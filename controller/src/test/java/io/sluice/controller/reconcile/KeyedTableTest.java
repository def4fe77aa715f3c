package io.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table ordered by its keys' hashes reads, after any sequence of edits, as the map it stands for: lookups,
 * iteration, {@code equals} and {@code hashCode}, also where keys' hashes tie.
 */
class KeyedTableTest {

    /** A key whose hash ties with every key of the same tenth: ties are the hard case of a search by hash. */
    private record Key(int n) {
        @Override
        public int hashCode() {
            return n / 10 - 20; // negative hashes too
        }
    }

    private record Item(Key key, int value) {
    }

    private static KeyedTable<Key, Item> table(List<Item> items) {
        return KeyedTable.of(items, Item.class, KeyedTable.Keys.held(Item::key), "items claim");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void editsReadAsTheMapTheyStandFor(long seed) {
        Random random = new Random(seed);
        Map<Key, Item> model = new HashMap<>();
        KeyedTable<Key, Item> table = table(List.of());
        for (int step = 0; step < 400; step++) {
            List<Key> out = new ArrayList<>();
            List<Item> in = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                out.add(new Key(random.nextInt(400)));
            }
            for (int i = random.nextInt(random.nextInt(10) == 0 ? 200 : 8); i > 0; i--) {
                in.add(new Item(new Key(random.nextInt(400)), random.nextInt(3)));
            }
            out.forEach(model::remove);
            in.forEach(item -> model.put(item.key(), item));

            table = table.edited(out, in);

            assertThat(table.view()).as("seed %d step %d", seed, step).isEqualTo(model)
                    .hasSameHashCodeAs(model).hasSize(model.size());
            assertThat(new HashMap<>(table.view())).isEqualTo(model);
            for (int n = 0; n < 400; n += 7) {
                assertThat(table.view().get(new Key(n))).isEqualTo(model.get(new Key(n)));
            }
            KeyedTable<Key, Item> fresh = table(new ArrayList<>(model.values()));
            assertThat(table).isEqualTo(fresh).hasSameHashCodeAs(fresh);
        }
    }

    @Test
    void tablesInAnotherOrderOfTiedKeysAreEqual() {
        List<Item> items = List.of(new Item(new Key(1), 0), new Item(new Key(2), 0), new Item(new Key(3), 0));
        KeyedTable<Key, Item> forward = table(items);
        KeyedTable<Key, Item> backward = table(List.of(items.get(2), items.get(1), items.get(0)));

        assertThat(forward).isEqualTo(backward);
        assertThat(forward).isNotEqualTo(table(List.of(items.get(0), items.get(1), new Item(new Key(3), 1))));
    }

    @Test
    void twoItemsUnderOneKeyAreRefusedAndOneItemTwiceIsOne() {
        Item a = new Item(new Key(5), 1);
        assertThatThrownBy(() -> table(List.of(a, new Item(new Key(7), 0), new Item(new Key(5), 2))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two items claim Key[n=5]");
        assertThat(table(List.of(a, a)).view()).isEqualTo(Map.of(a.key(), a));
    }

    @Test
    void aLaterItemUnderAKeyReplacesAnEarlierOneOfTheSameEdit() {
        Map<Key, Item> expected = new LinkedHashMap<>();
        expected.put(new Key(1), new Item(new Key(1), 2));
        KeyedTable<Key, Item> table = table(List.of(new Item(new Key(1), 0)))
                .edited(List.of(new Key(1)), List.of(new Item(new Key(1), 1), new Item(new Key(1), 2)));

        assertThat(table.view()).isEqualTo(expected);
    }
}
