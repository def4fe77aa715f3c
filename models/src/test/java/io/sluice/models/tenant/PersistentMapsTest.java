package io.sluice.models.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pcollections.PMap;

class PersistentMapsTest {
    @Test
    void aPersistentMapIsKeptAndAnyOtherCopiedOnce() {
        Map<String, Integer> plain = new HashMap<>(Map.of("a", 1, "b", 2));
        PMap<String, Integer> persistent = PersistentMaps.of(plain);
        assertThat(persistent).isEqualTo(plain);
        assertThat(PersistentMaps.of(persistent)).isSameAs(persistent);
        plain.put("c", 3);
        assertThat(persistent).doesNotContainKey("c");
    }

    @Test
    void nullKeysAndValuesAreRefusedAsMapCopyOfRefusesThem() {
        Map<String, Integer> withNullValue = new HashMap<>();
        withNullValue.put("a", null);
        assertThatThrownBy(() -> PersistentMaps.of(withNullValue)).isInstanceOf(NullPointerException.class);
        Map<String, Integer> withNullKey = new HashMap<>();
        withNullKey.put(null, 1);
        assertThatThrownBy(() -> PersistentMaps.of(withNullKey)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aModelMadeFromAnotherSharesItsMapsAndItsMapsCannotBeChanged() {
        Network network = new Network("11111111-1111-4111-8111-111111111111", "p", "n", true, false, false,
                NetworkType.VXLAN, 7, null, 1450, 0);
        TenantModel model = TenantModel.of(1, List.of(network), List.of(), List.of());
        TenantModel next = model.withPorts(2, Map.of());
        assertThat(next.networks()).isSameAs(model.networks());
        assertThatThrownBy(() -> next.networks().put("x", network)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theKeysTwoVersionsDifferInAreFoundFromTheirLineageOrByComparingEveryEntry() {
        PMap<String, Integer> first = PersistentMaps.of(Map.of("a", 1, "b", 2, "c", 3));
        PMap<String, Integer> later = first.plus("a", 10).minus("b").plus("d", 4).plus("c", 3).plus("e", 5)
                .minus("e");
        Map<String, Integer> unrelated = new HashMap<>(later);

        assertThat(PersistentMaps.changedKeys(first, later)).containsExactlyInAnyOrder("a", "b", "d");
        assertThat(PersistentMaps.changedKeys(later, first)).as("either way").containsExactlyInAnyOrder("a", "b", "d");
        assertThat(PersistentMaps.changedKeys(first, unrelated)).containsExactlyInAnyOrder("a", "b", "d");
        assertThat(PersistentMaps.changedKeys(later, later)).isEmpty();
        assertThat(PersistentMaps.changedKeys(first, first.plus("c", 3))).as("a key put again with the very value it held")
                .isEmpty();
    }

    @Test
    void everyVersionFindsItsLastAncestorsAndOlderOnesByComparingEveryEntry() {
        PMap<Integer, Integer> first = PersistentMaps.of(Map.of(-1, -1));
        List<PMap<Integer, Integer>> versions = new java.util.ArrayList<>(List.of(first));
        for (int i = 0; i < 3 * PersistentMaps.LINEAGE; i++) {
            versions.add(versions.get(i).plus(i, i));
        }
        PMap<Integer, Integer> last = versions.get(versions.size() - 1);
        PMap<Integer, Integer> window = versions.get(versions.size() - 1 - PersistentMaps.LINEAGE);

        assertThat(PersistentMaps.named(window, last)).as("the last ancestors, from the steps")
                .hasSize(PersistentMaps.LINEAGE);
        assertThat(PersistentMaps.named(versions.get(versions.size() - 2 - PersistentMaps.LINEAGE), last))
                .as("older ones: not of the lineage any more").isNull();
        assertThat(PersistentMaps.changedKeys(first, last)).hasSize(3 * PersistentMaps.LINEAGE);
        assertThat(PersistentMaps.changedKeys(window, last)).hasSize(PersistentMaps.LINEAGE)
                .allMatch(key -> key >= 2 * PersistentMaps.LINEAGE);
        assertThat(PersistentMaps.changedKeys(versions.get(versions.size() - 2), last)).containsExactly(
                3 * PersistentMaps.LINEAGE - 1);
    }
}
