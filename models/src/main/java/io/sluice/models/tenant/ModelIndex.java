package io.sluice.models.tenant;

import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.pcollections.PMap;

/**
 * What the API asks of a model at every port created or bound, found without reading every port: the ports of a
 * network (the MACs and addresses a new port may not take), the MPLS labels held, and each project's count of
 * each resource (its quota usage). At 100,000 ports, reading every port for these cost the API more than the
 * rest of a port create. An index is derived from the index of an earlier model by the records that changed
 * since ({@link PersistentMaps#changedKeys}) and shares what did not change with it, so an index handed out stays
 * right however many come after it. A network's ports and the labels are sorted arrays, copied where a
 * derivation changes them: a reference a port and an int a label, where persistent sets cost ~100 bytes each.
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
    private static final ModelIndex EMPTY = new ModelIndex(TenantModel.EMPTY, PersistentMaps.empty(), new int[0],
            PortBinding.MIN_MPLS_LABEL, PersistentMaps.empty());

    private final TenantModel model;
    /** By network id, its ports' ids, sorted. */
    private final PMap<String, String[]> portsByNetwork;
    /** Every label held, sorted, once for each port holding it (two, for a moment while a port moves). */
    private final int[] labels;
    /** Every label from the lowest a port can hold to below this one is held, this one not. */
    private final int firstUnheldLabel;
    /** By resource name and then project id, how many it has. */
    private final PMap<String, PMap<String, Integer>> counts;

    private ModelIndex(TenantModel model, PMap<String, String[]> portsByNetwork, int[] labels, int firstUnheldLabel,
                       PMap<String, PMap<String, Integer>> counts) {
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
            ModelIndex index = (latest == null ? EMPTY : latest).next(model);
            recent.addFirst(index);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
            return index;
        }
    }

    /** The ids of the network's ports. */
    public List<String> portsOn(String networkId) {
        return Arrays.asList(portsByNetwork.getOrDefault(networkId, new String[0]));
    }

    /**
     * Every MPLS label a port holds, read-only. Asking about a label below {@link #firstUnheldLabel} costs no
     * look-up: an allocation asks about every label from the lowest up.
     */
    public Set<Integer> heldLabels() {
        return new AbstractSet<>() {
            @Override
            public boolean contains(Object label) {
                return label instanceof Integer l && (l >= PortBinding.MIN_MPLS_LABEL && l < firstUnheldLabel
                        || Arrays.binarySearch(labels, l) >= 0);
            }

            @Override
            public Iterator<Integer> iterator() {
                return IntStream.of(labels).distinct().iterator();
            }

            @Override
            public int size() {
                return (int) IntStream.of(labels).distinct().count();
            }
        };
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
        return counts.getOrDefault(resource, PersistentMaps.empty()).getOrDefault(projectId, 0);
    }

    private ModelIndex next(TenantModel next) {
        Map<String, List<String>> leaving = new HashMap<>();
        Map<String, List<String>> joining = new HashMap<>();
        List<Integer> released = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        PMap<String, Integer> portCounts = counts.getOrDefault(PORTS, PersistentMaps.empty());
        for (String id : PersistentMaps.changedKeys(model.ports(), next.ports())) {
            Port before = model.ports().get(id);
            Port after = next.ports().get(id);
            if (before != null) {
                leaving.computeIfAbsent(before.networkId(), n -> new ArrayList<>()).add(id);
                before.binding().labels().forEach(released::add);
                portCounts = add(portCounts, before.projectId(), -1);
            }
            if (after != null) {
                joining.computeIfAbsent(after.networkId(), n -> new ArrayList<>()).add(id);
                after.binding().labels().forEach(taken::add);
                portCounts = add(portCounts, after.projectId(), 1);
            }
        }
        PMap<String, String[]> byNetwork = portsByNetwork;
        for (String network : union(leaving.keySet(), joining.keySet())) {
            String[] ports = Sorted.edited(portsByNetwork.getOrDefault(network, new String[0]),
                    leaving.getOrDefault(network, List.of()), joining.getOrDefault(network, List.of()));
            byNetwork = ports.length == 0 ? byNetwork.minus(network) : byNetwork.plus(network, ports);
        }
        int[] held = released.isEmpty() && taken.isEmpty() ? labels : Sorted.edited(labels, released, taken);
        int firstUnheld = released.stream().reduce(firstUnheldLabel, Math::min);
        while (Arrays.binarySearch(held, firstUnheld) >= 0) {
            firstUnheld++;
        }
        PMap<String, PMap<String, Integer>> counted = counts.plus(PORTS, portCounts);
        counted = counted(counted, NETWORKS, model.networks(), next.networks(), Network::projectId);
        counted = counted(counted, SUBNETS, model.subnets(), next.subnets(), Subnet::projectId);
        counted = counted(counted, ROUTERS, model.routers(), next.routers(), Router::projectId);
        counted = counted(counted, FLOATING_IPS, model.floatingIps(), next.floatingIps(), FloatingIp::projectId);
        return new ModelIndex(next, byNetwork, held, firstUnheld, counted);
    }

    private static <T> PMap<String, PMap<String, Integer>> counted(PMap<String, PMap<String, Integer>> counted,
                                                                   String resource, Map<String, T> before,
                                                                   Map<String, T> after,
                                                                   Function<T, String> project) {
        PMap<String, Integer> byProject = counted.getOrDefault(resource, PersistentMaps.empty());
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

    /** The count of the key moved by delta; a key counted down to zero is gone. */
    private static PMap<String, Integer> add(PMap<String, Integer> counts, String key, int delta) {
        int count = counts.getOrDefault(key, 0) + delta;
        return count == 0 ? counts.minus(key) : counts.plus(key, count);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Sorted arrays with one occurrence of each of some values taken out and others put in, in one copy. */
    private static final class Sorted {
        private Sorted() {
        }

        static String[] edited(String[] sorted, List<String> out, List<String> in) {
            List<String> values = new ArrayList<>(Arrays.asList(sorted));
            for (String value : out) {
                int at = Collections.binarySearch(values, value);
                if (at >= 0) {
                    values.remove(at);
                }
            }
            values.addAll(in);
            values.sort(null);
            return values.toArray(String[]::new);
        }

        static int[] edited(int[] sorted, List<Integer> out, List<Integer> in) {
            int[] outs = out.stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] ins = in.stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] result = new int[sorted.length + ins.length];
            int kept = 0;
            int o = 0;
            int n = 0;
            for (int value : sorted) {
                while (o < outs.length && outs[o] < value) {
                    o++; // a label released that was not held: nothing to take out
                }
                if (o < outs.length && outs[o] == value) {
                    o++;
                    continue;
                }
                while (n < ins.length && ins[n] <= value) {
                    result[kept++] = ins[n++];
                }
                result[kept++] = value;
            }
            while (n < ins.length) {
                result[kept++] = ins[n++];
            }
            return kept == result.length ? result : Arrays.copyOf(result, kept);
        }
    }
}
