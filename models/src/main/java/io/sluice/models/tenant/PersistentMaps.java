package io.sluice.models.tenant;

import java.util.Map;
import java.util.Objects;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The model's maps are persistent: a commit makes the next model by adding and removing the records it changes,
 * sharing everything else with the model before, where a copy of each map would cost as much as the cloud is
 * large (100,000 ports copied for one port created).
 */
public final class PersistentMaps {
    private PersistentMaps() {
    }

    /** The map itself if it is persistent already, else a persistent copy; null keys and values are refused. */
    public static <K, V> PMap<K, V> of(Map<K, V> map) {
        if (map instanceof PMap<K, V> persistent) {
            return persistent;
        }
        PMap<K, V> copy = HashTreePMap.empty();
        for (Map.Entry<K, V> entry : map.entrySet()) {
            copy = copy.plus(Objects.requireNonNull(entry.getKey()), Objects.requireNonNull(entry.getValue()));
        }
        return copy;
    }
}
