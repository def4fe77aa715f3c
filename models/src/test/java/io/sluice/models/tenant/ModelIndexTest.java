package io.sluice.models.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The index derived from the last one answers as reading every record would (STYLE habit 5), over random walks of
 * ports created, moved between networks and projects, bound with labels and deleted, and networks made and deleted;
 * some steps make the next model as a commit does (a persistent map's plus and minus), others copy it, as a model
 * loaded from the store is, and some ask for an older model again.
 */
class ModelIndexTest {
    private static final List<String> PROJECTS = List.of("p1", "p2", "p3");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void everyIndexAnswersAsReadingEveryRecord(long seed) {
        Random random = new Random(seed);
        TenantModel model = TenantModel.EMPTY;
        List<TenantModel> seen = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            model = changed(model, random);
            seen.add(model);
            TenantModel asked = random.nextInt(10) == 0 ? seen.get(random.nextInt(seen.size())) : model;
            ModelIndex index = ModelIndex.of(asked);
            for (String network : List.of(network(0), network(1), network(2), network(3))) {
                assertThat(index.portsOn(network)).as("seed %d step %d: ports on %s", seed, step, network)
                        .containsExactlyInAnyOrderElementsOf(portsOn(asked, network));
            }
            Set<Integer> held = new HashSet<>();
            asked.ports().values().forEach(port -> port.binding().labels().forEach(held::add));
            assertThat(index.heldLabels()).as("seed %d step %d: labels", seed, step).isEqualTo(held);
            int firstUnheld = PortBinding.MIN_MPLS_LABEL;
            while (held.contains(firstUnheld)) {
                firstUnheld++;
            }
            assertThat(index.firstUnheldLabel()).isEqualTo(firstUnheld);
            for (String project : PROJECTS) {
                TenantModel m = asked;
                assertThat(index.count(ModelIndex.PORTS, project)).isEqualTo(
                        (int) m.ports().values().stream().filter(p -> p.projectId().equals(project)).count());
                assertThat(index.count(ModelIndex.NETWORKS, project)).isEqualTo(
                        (int) m.networks().values().stream().filter(n -> n.projectId().equals(project)).count());
            }
        }
    }

    private static Port port(Random random, String id) {
        return new Port(id, PROJECTS.get(random.nextInt(3)), network(random.nextInt(4)), "", "fa:16:3e:00:00:01",
                List.of(), "", "", true, false, List.of(), new PortBinding("h", Map.of(),
                random.nextBoolean() ? null : PortBinding.MIN_MPLS_LABEL + random.nextInt(30)), PortStatus.DOWN, 1);
    }

    private static String network(int n) {
        return "11111111-0000-4000-8000-00000000000" + n;
    }

    private static Set<String> portsOn(TenantModel model, String network) {
        Set<String> ids = new HashSet<>();
        model.ports().values().stream().filter(p -> p.networkId().equals(network)).forEach(p -> ids.add(p.id()));
        return ids;
    }

    private static TenantModel changed(TenantModel model, Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            String id = network(random.nextInt(4));
            Map<String, Network> networks = new HashMap<>(model.networks());
            if (networks.remove(id) == null) {
                networks.put(id, new Network(id, PROJECTS.get(random.nextInt(3)), id, true, false, false,
                        NetworkType.VXLAN, 100 + random.nextInt(100), null, 1450, 1));
            }
            return new TenantModel(model.revision() + 1, networks, model.subnets(), model.ports(), model.routers(),
                    model.floatingIps(), model.portForwardings(), model.routerHosts());
        }
        if (kind == 8) { // a bulk: several ports in one commit
            var ports = PersistentMaps.of(model.ports());
            Map<String, Port> bulk = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                Port port = port(random, String.format("00000000-0000-4000-8000-%012d", random.nextInt(40)));
                bulk.put(port.id(), port);
            }
            return model.withPorts(model.revision() + 1, ports.plusAll(bulk));
        }
        String id = String.format("00000000-0000-4000-8000-%012d", random.nextInt(40));
        Port port = kind < 3 ? null : port(random, id);
        if (kind == 9) { // as a model loaded from the store: no lineage to the last
            Map<String, Port> copy = new HashMap<>(model.ports());
            if (port == null) {
                copy.remove(id);
            } else {
                copy.put(id, port);
            }
            return model.withPorts(model.revision() + 1, copy);
        }
        var ports = PersistentMaps.of(model.ports());
        return model.withPorts(model.revision() + 1, port == null ? ports.minus(id) : ports.plus(id, port));
    }
}
