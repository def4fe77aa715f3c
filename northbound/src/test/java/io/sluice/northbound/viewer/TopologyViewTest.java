package io.sluice.northbound.viewer;

import static io.sluice.northbound.viewer.ViewerModels.BLUE_B;
import static io.sluice.northbound.viewer.ViewerModels.MODEL;
import static io.sluice.northbound.viewer.ViewerModels.PROJECTS;
import static io.sluice.northbound.viewer.ViewerModels.PUBLIC;
import static io.sluice.northbound.viewer.ViewerModels.RED_A;
import static io.sluice.northbound.viewer.ViewerModels.RED_ROUTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.l2.Lab;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyViewTest {
    private static final List<HostHealth> HOSTS = List.of(new HostHealth("hv1", "Open vSwitch agent", false, true, true),
            new HostHealth("hv2", "Open vSwitch agent", false, false, false),
            new HostHealth("net1", "Open vSwitch agent", true, true, true));

    @Test
    void aMemberSeesItsNetworksTheExternalOneAndOnlyTheHostsItsResourcesAreOn() {
        Map<String, Object> view = TopologyView.of(MODEL, HOSTS, ViewerModels.member("red"), PROJECTS, "alice", "red");

        assertThat(map(view, "networks")).containsOnlyKeys(Lab.RED.id(), PUBLIC.id());
        assertThat(map(view, "ports")).containsOnlyKeys(RED_A.id());
        assertThat(map(view, "routers")).containsOnlyKeys(RED_ROUTER.id());
        assertThat(hosts(view)).containsExactly("hv1", "net1");
        assertThat(list(view, "projects")).containsExactly(Map.of("id", "red", "name", "red"));
        assertThat(view.get("scope")).isEqualTo(Map.of("user", "alice", "project_id", "red", "project_name", "red",
                "admin", false));
    }

    @Test
    void theAdminSeesEverythingAndEveryProject() {
        Map<String, Object> view = TopologyView.of(MODEL, HOSTS, ViewerModels.admin(), PROJECTS, "admin", "admin");

        assertThat(map(view, "networks")).hasSize(3);
        assertThat(map(view, "ports")).containsOnlyKeys(RED_A.id(), BLUE_B.id());
        assertThat(hosts(view)).containsExactly("hv1", "hv2", "net1");
        assertThat(list(view, "projects")).hasSize(3);
        assertThat(view.get("revision")).isEqualTo(7L);
    }

    @Test
    void segmentsBindingsAndHealthAreWhatTheModelAndAgentsSay() {
        Map<String, Object> view = TopologyView.of(MODEL, HOSTS, ViewerModels.admin(), PROJECTS, "admin", "admin");

        Map<?, ?> red = (Map<?, ?>) map(view, "networks").get(Lab.RED.id());
        assertThat(red.get("type")).isEqualTo("vxlan");
        assertThat(red.get("segmentation_id")).isEqualTo(Lab.RED.segmentationId());
        Map<?, ?> pub = (Map<?, ?>) map(view, "networks").get(PUBLIC.id());
        assertThat(pub.get("type")).isEqualTo("flat");
        assertThat(pub.get("physical_network")).isEqualTo("physnet1");
        assertThat(((Map<?, ?>) map(view, "ports").get(BLUE_B.id())).get("host")).isEqualTo("hv2");
        Map<?, ?> hv2 = (Map<?, ?>) list(view, "hosts").get(1);
        assertThat(hv2.get("alive")).isEqualTo(false);
        assertThat(((Map<?, ?>) map(view, "routers").get(RED_ROUTER.id())).get("host")).isEqualTo("net1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> view, String key) {
        return (Map<String, Object>) view.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> view, String key) {
        return (List<Object>) view.get(key);
    }

    private static List<Object> hosts(Map<String, Object> view) {
        return list(view, "hosts").stream().map(h -> ((Map<?, ?>) h).get("host")).map(Object.class::cast).toList();
    }
}
