package io.sluice.controller.tenant;

import io.sluice.models.tenant.ModelIndex;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.TenantModel;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the tenant repository holds at one store revision, frozen: the model compilers read, plus what only
 * the API shows (standard attributes) or enforces (quotas), and the store revision of every document, which a
 * change's preconditions are taken from.
 *
 * @param quotas    per project, the limits set for it (resource name to limit); defaults are the API's
 * @param revisions the mod revision of every record and quota document, and of every released label's guard
 * @param releasedLabels the MPLS labels released and not reused since, with their release times (a label in
 *                  quarantine, or past it and not yet reused)
 */
public record TenantState(TenantModel model, Map<ResourceKey, StandardAttributes> standard,
                          Map<String, Map<String, Integer>> quotas, Map<ResourceKey, Long> revisions,
                          Map<Integer, Instant> releasedLabels) {
    public static final TenantState EMPTY = new TenantState(TenantModel.EMPTY, Map.of(), Map.of(), Map.of(),
            Map.of());

    /** Each map is kept persistent, as the model's are ({@link PersistentMaps}): a commit adds only what it writes. */
    public TenantState {
        standard = PersistentMaps.of(standard);
        quotas = PersistentMaps.of(quotas);
        revisions = PersistentMaps.of(revisions);
        releasedLabels = PersistentMaps.of(releasedLabels);
    }

    public long revision() {
        return model.revision();
    }

    public Optional<StandardAttributes> standard(ResourceKey key) {
        return Optional.ofNullable(standard.get(key));
    }

    public Map<String, Integer> quota(String projectId) {
        return quotas.getOrDefault(projectId, Map.of());
    }

    /** The MPLS labels bound ports hold now. */
    public Set<Integer> heldLabels() {
        return ModelIndex.of(model).heldLabels();
    }
}
