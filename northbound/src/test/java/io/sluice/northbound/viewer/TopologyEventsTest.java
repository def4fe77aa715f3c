package io.sluice.northbound.viewer;

import static io.sluice.northbound.viewer.ViewerModels.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.northbound.neutron.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyEventsTest {
    private final List<HostHealth> health = new ArrayList<>(List.of(alive("hv1", true), alive("hv2", true)));
    private final TopologyEvents events = new TopologyEvents(() -> List.copyOf(health));
    private final Heard red = new Heard(ViewerModels.member("red"));
    private final Heard blue = new Heard(ViewerModels.member("blue"));
    private final Heard admin = new Heard(ViewerModels.admin());

    private record Heard(Policy policy, List<String> events) implements TopologyEvents.Subscriber {
        Heard(Policy policy) {
            this(policy, new ArrayList<>());
        }

        @Override
        public void send(String event, Map<String, Object> data) {
            events.add(event + " " + data.get(event.equals("model") ? "kinds" : "hosts"));
        }
    }

    private static HostHealth alive(String host, boolean alive) {
        return new HostHealth(host, "Open vSwitch agent", false, alive, alive);
    }

    @Test
    void aDeadAgentIsToldToTheAdminAndToTheProjectsWithPortsOnItsHost() {
        events.modelChanged(MODEL);
        events.checkHealth();
        List.of(red, blue, admin).forEach(events::subscribe);

        health.set(0, alive("hv1", false));
        events.checkHealth();
        events.checkHealth();

        assertThat(red.events()).containsExactly("hosts [hv1]");
        assertThat(admin.events()).containsExactly("hosts [hv1]");
        assertThat(blue.events()).isEmpty();
    }

    @Test
    void aModelChangeIsToldToThoseWhoSeeIt() {
        events.modelChanged(MODEL);
        List.of(red, blue, admin).forEach(events::subscribe);

        events.modelChanged(ViewerModels.withPorts(MODEL, ViewerModels.bound(Lab.BLUE_A, "hv1")));

        assertThat(blue.events()).containsExactly("model [ports]");
        assertThat(admin.events()).containsExactly("model [ports]");
        assertThat(red.events()).isEmpty();
    }

    @Test
    void anUnsubscribedViewerHearsNothing() {
        Runnable unsubscribe = events.subscribe(admin);
        unsubscribe.run();

        events.modelChanged(MODEL);
        health.add(alive("net1", true));
        events.checkHealth();

        assertThat(admin.events()).isEmpty();
    }
}
