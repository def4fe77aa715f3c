package io.sluice.controller.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.Snapshot;
import io.sluice.controller.compile.l2.Lab;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.PersistentMaps;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.TenantModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcollections.PMap;

/**
 * A placement made from the last by the ports whose reports changed ({@link PortPlacement#next}) is the placement
 * made from scratch (STYLE habit 5), over random walks of reports and bindings: ports plugged on one host or
 * several (a live migration), bound to a reporting host or not, with inactive bindings on some; reports replaced
 * by equal ones, and now and then a reports map of another lineage. Seeded: a failure names its seed and step.
 */
class PortPlacementPropertyTest {
    private static final List<Port> PORTS = List.of(Lab.RED_A, Lab.RED_B, Lab.RED_C, Lab.RED_D, Lab.BLUE_A,
            Lab.BLUE_B);
    private static final List<String> HOSTS = List.of("hv1", "hv2", "hv3");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachPlacementFromTheLastIsThePlacementFromScratch(long seed) {
        Random random = new Random(seed);
        PMap<String, List<PortReport>> reports = PersistentMaps.empty();
        TenantModel model = model(random);
        PortPlacement placement = PortPlacement.NONE;
        Snapshot snapshot = Snapshot.EMPTY;
        for (int step = 0; step < 400; step++) {
            String context = "seed " + seed + " step " + step;
            int change = random.nextInt(10);
            if (change < 5) {
                reports = changeReports(random, reports);
            } else if (change < 8) {
                model = rebind(random, model);
            } else if (change < 9) {
                reports = PersistentMaps.of(new HashMap<>(reports)); // another lineage: compared entry by entry
            } else {
                model = model(random);
                reports = changeReports(random, reports);
            }
            PortPlacement last = placement;
            placement = placement.next(reports, model);
            PortPlacement fromScratch = PortPlacement.of(reports, model);
            assertThat(placement).as(context).isEqualTo(fromScratch);
            if (reports == last.reports() && !last.readsModel()) {
                assertThat(placement).as(context + ": nothing to place again").isSameAs(last);
            }

            Snapshot before = snapshot;
            snapshot = placement.placedIn(snapshot.withTenants(model));
            assertThat(snapshot.ports()).as(context).isEqualTo(fromScratch.active());
            assertThat(snapshot.standby()).as(context).isEqualTo(fromScratch.standby());
            if (sameReports(before.ports(), snapshot.ports())) {
                assertThat(snapshot.ports()).as(context + ": kept when no report moved").isSameAs(before.ports());
            }
        }
    }

    /** Whether the maps hold the very same reports. */
    private static boolean sameReports(Map<String, PortReport> a, Map<String, PortReport> b) {
        return a.size() == b.size() && a.keySet().stream().allMatch(id -> a.get(id) == b.get(id));
    }

    /** A few ports plugged again, unplugged, or their reports replaced by equal ones. */
    private static PMap<String, List<PortReport>> changeReports(Random random, PMap<String, List<PortReport>> reports) {
        for (int i = random.nextInt(3); i >= 0; i--) {
            Port port = PORTS.get(random.nextInt(PORTS.size()));
            List<PortReport> onHosts = reports.get(port.id());
            int what = random.nextInt(4);
            if (what == 0) {
                reports = reports.minus(port.id());
            } else if (what == 1 && onHosts != null) {
                reports = reports.plus(port.id(), onHosts.stream()
                        .map(r -> new PortReport(r.portId(), r.host(), r.ofport(), r.attachedMac(), r.present())).toList());
            } else {
                List<String> hosts = new ArrayList<>(HOSTS);
                Collections.shuffle(hosts, random);
                reports = reports.plus(port.id(), hosts.subList(0, 1 + random.nextInt(hosts.size())).stream()
                        .map(host -> Lab.plugged(port, host, 1 + random.nextInt(3))).toList());
            }
        }
        return reports;
    }

    /** One port bound elsewhere, activated on its inactive binding's host, or gone from the model. */
    private static TenantModel rebind(Random random, TenantModel model) {
        Port port = PORTS.get(random.nextInt(PORTS.size()));
        Map<String, Port> ports = new HashMap<>(model.ports());
        Port bound = ports.get(port.id());
        int what = random.nextInt(4);
        if (what == 0) {
            ports.remove(port.id());
        } else if (what == 1 && bound != null && !bound.binding().inactive().isEmpty()) {
            ports.put(port.id(), bound.withBinding(bound.binding().activate(bound.binding().inactive().get(0).hostId())));
        } else {
            ports.put(port.id(), port.withBinding(binding(random)));
        }
        return model.withPorts(model.revision() + 1, ports);
    }

    private static TenantModel model(Random random) {
        List<Port> ports = PORTS.stream().filter(p -> random.nextInt(5) > 0)
                .map(p -> p.withBinding(binding(random))).toList();
        return TenantModel.of(1, List.of(Lab.RED, Lab.BLUE), List.of(Lab.RED_SUBNET, Lab.BLUE_SUBNET), ports);
    }

    /** Active on a reporting host or on one that reports nothing (hv4), inactive on some of the others. */
    private static PortBinding binding(Random random) {
        String active = random.nextInt(4) == 0 ? "hv4" : HOSTS.get(random.nextInt(HOSTS.size()));
        List<PortBinding> inactive = HOSTS.stream().filter(h -> !h.equals(active) && random.nextBoolean())
                .map(h -> new PortBinding(h, Map.of())).toList();
        return new PortBinding(active, Map.of()).withInactive(inactive);
    }
}
