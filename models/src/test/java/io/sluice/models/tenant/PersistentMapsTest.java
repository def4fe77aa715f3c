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
}
