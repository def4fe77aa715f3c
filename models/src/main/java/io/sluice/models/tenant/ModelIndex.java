package io.sluice.models.tenant;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;

/**
 * What the API asks of a model at every port created or bound, found without reading every port: the ports of a
 * network (the MACs and addresses a new port may not take), the MPLS labels held, and each project's count of
 * each resource (its quota usage). At 100,000 ports, reading every port for these cost the API more than the
 * rest of a port create. An index is derived from the index of an earlier model by the records that changed
 * since ({@link PersistentMaps#changedKeys}), and shares what did not change with it: persistent, so an index
 * handed out stays right however many come after it.
 */
public final class ModelIndex {
    /** Quota resource names, as Neutron's quota API names them, counted by project. */
    public static final String NETWORKS = "network";
    public static final String SUBNETS = "subnet";
    public static final String PORTS = "port";
    public static final String ROUTERS = "router";
    public static final String FLOATING_IPS = "floatingip";
    /** How many recent models' indexes are kept: API calls in flight read the latest few. */
    private static final int KEPT = 4;
    private static final Deque<ModelIndex> recent = new ArrayDeque<>();

    private final TenantModel model;
    private final PMap<String, PSet<String>> portsByNetwork;
    /** Each held MPLS label, with how many ports hold it (one, but for a moment while a port moves). */
    private final PMap<Integer, Integer> labels;
    /** Every label from the lowest a port can hold to below this one is held, this one not. */
    private final int firstUnheldLabel;
    /** By resource name and then project id, how many it has. */
    private final PMap<String, PMap<String, Integer>> counts;

    private ModelIndex(TenantModel model, PMap<String, PSet<String>> portsByNetwork, PMap<Integer, Integer> labels,
                       int firstUnheldLabel, PMap<String, PMap<String, Integer>> counts) {
        this.model = model;
        this.portsByNetwork = portsByNetwork;
        this.labels = labels;
        this.firstUnheldLabel = firstUnheldLabel;
        this.counts = counts;
    }

    /** The model's index, derived from the most recent one asked for (or built, for a model of another line). */
    public static ModelIndex of(TenantModel model) {
        synchronized (recent) {
            for (ModelIndex index : recent) {
                if (index.model == model) {
                    return index;
                }
            }
            ModelIndex latest = recent.peekFirst();
            ModelIndex index = (latest == null ? new ModelIndex(TenantModel.EMPTY, HashTreePMap.empty(),
                    HashTreePMap.empty(), PortBinding.MIN_MPLS_LABEL, HashTreePMap.empty()) : latest).next(model);
            recent.addFirst(index);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
            return index;
        }
    }

    /** The ids of the network's ports. */
    public Set<String> portsOn(String networkId) {
        return portsByNetwork.getOrDefault(networkId, HashTreePSet.empty());
    }

    /** Every MPLS label a port holds. */
    public Set<Integer> heldLabels() {
        return labels.keySet();
    }

    /**
     * The lowest label a port can hold that none does, counting up from the lowest: labels are taken lowest first
     * ({@code MplsLabels.allocate}), so every label below it is held, and an allocation need not ask about each.
     */
    public int firstUnheldLabel() {
        return firstUnheldLabel;
    }

    /** How many of this resource ({@link #PORTS}, ...) the project has. */
    public int count(String resource, String projectId) {
        return counts.getOrDefault(resource, HashTreePMap.empty()).getOrDefault(projectId, 0);
    }

    private ModelIndex next(TenantModel next) {
        PMap<String, PSet<String>> byNetwork = portsByNetwork;
        PMap<Integer, Integer> held = labels;
        PMap<String, PMap<String, Integer>> counted = counts;
        int firstUnheld = firstUnheldLabel;
        for (String id : PersistentMaps.changedKeys(model.ports(), next.ports())) {
            Port before = model.ports().get(id);
            Port after = next.ports().get(id);
            if (before != null) {
                byNetwork = withoutMember(byNetwork, before.networkId(), id);
                held = labelled(held, before, -1);
                firstUnheld = before.binding().labels().reduce(firstUnheld, Math::min);
                counted = counted.plus(PORTS, add(counted.getOrDefault(PORTS, HashTreePMap.empty()),
                        before.projectId(), -1));
            }
            if (after != null) {
                byNetwork = byNetwork.plus(after.networkId(),
                        byNetwork.getOrDefault(after.networkId(), HashTreePSet.empty()).plus(id));
                held = labelled(held, after, 1);
                counted = counted.plus(PORTS, add(counted.getOrDefault(PORTS, HashTreePMap.empty()),
                        after.projectId(), 1));
            }
        }
        counted = counted(counted, NETWORKS, model.networks(), next.networks(), Network::projectId);
        counted = counted(counted, SUBNETS, model.subnets(), next.subnets(), Subnet::projectId);
        counted = counted(counted, ROUTERS, model.routers(), next.routers(), Router::projectId);
        counted = counted(counted, FLOATING_IPS, model.floatingIps(), next.floatingIps(), FloatingIp::projectId);
        while (held.containsKey(firstUnheld)) {
            firstUnheld++;
        }
        return new ModelIndex(next, byNetwork, held, firstUnheld, counted);
    }

    private static <T> PMap<String, PMap<String, Integer>> counted(PMap<String, PMap<String, Integer>> counted,
                                                                   String resource, Map<String, T> before,
                                                                   Map<String, T> after,
                                                                   Function<T, String> project) {
        PMap<String, Integer> byProject = counted.getOrDefault(resource, HashTreePMap.empty());
        for (String id : PersistentMaps.changedKeys(before, after)) {
            T was = before.get(id);
            T now = after.get(id);
            if (was != null) {
                byProject = add(byProject, project.apply(was), -1);
            }
            if (now != null) {
                byProject = add(byProject, project.apply(now), 1);
            }
        }
        return counted.plus(resource, byProject);
    }

    private static PMap<Integer, Integer> labelled(PMap<Integer, Integer> held, Port port, int delta) {
        for (Iterator<Integer> labels = port.binding().labels().iterator(); labels.hasNext(); ) {
            held = add(held, labels.next(), delta);
        }
        return held;
    }

    /** The count of the key moved by delta; a key counted down to zero is gone. */
    private static <K> PMap<K, Integer> add(PMap<K, Integer> counts, K key, int delta) {
        int count = counts.getOrDefault(key, 0) + delta;
        return count == 0 ? counts.minus(key) : counts.plus(key, count);
    }

    private static PMap<String, PSet<String>> withoutMember(PMap<String, PSet<String>> sets, String key,
                                                            String member) {
        PSet<String> members = sets.getOrDefault(key, HashTreePSet.empty()).minus(member);
        return members.isEmpty() ? sets.minus(key) : sets.plus(key, members);
    }
}
