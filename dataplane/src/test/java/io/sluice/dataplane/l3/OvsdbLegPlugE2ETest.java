package io.sluice.dataplane.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.dataplane.testing.ConnectedOvsdb;
import io.sluice.dataplane.testing.RequiresOvs;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OvsdbLegPlug against a real ovsdb-server (run dir {@code hb-...}): router legs plugged os-vif style. */
@RequiresOvs
class OvsdbLegPlugE2ETest {
    private static final String BRIDGE = "br-int";

    private ConnectedOvsdb ovsdb;
    private OvsdbLegPlug plug;

    @BeforeEach
    void start() throws Exception {
        ovsdb = ConnectedOvsdb.startOvsdb("hb-legplug-");
        ovsdb.bed().vsctl("add-br", BRIDGE);
        ovsdb.bed().vsctl("add-port", BRIDGE, "tapvm", "--", "set", "Interface", "tapvm",
                "external_ids:iface-id=vm-port");
        plug = new OvsdbLegPlug(ovsdb::client, BRIDGE);
    }

    @AfterEach
    void stop() {
        ovsdb.close();
    }

    @Test
    void plugsLegsAsVmPortsInOneGoAndListsThemByPrefix() throws Exception {
        plug.plug(List.of(new LegPlug.Plug("hb-aaaaaaaa-11", Plans.LEFT_PORT, "fa:16:3e:00:00:01"),
                new LegPlug.Plug("hb-cccccccc-33", Plans.GATEWAY_PORT, "fa:16:3e:00:00:03")));

        assertThat(plug.plugged("hb-")).containsExactlyInAnyOrder("hb-aaaaaaaa-11", "hb-cccccccc-33");
        assertThat(ovsdb.bed().vsctl("list-ports", BRIDGE).lines()).containsExactlyInAnyOrder("hb-aaaaaaaa-11",
                "hb-cccccccc-33", "tapvm");
        assertThat(ovsdb.bed().vsctl("get", "Interface", "hb-aaaaaaaa-11", "external_ids:iface-id"))
                .isEqualTo("\"" + Plans.LEFT_PORT + "\"");
        assertThat(ovsdb.bed().vsctl("get", "Interface", "hb-aaaaaaaa-11", "external_ids:attached-mac"))
                .isEqualTo("\"fa:16:3e:00:00:01\"");
        assertThat(ovsdb.bed().vsctl("get", "Interface", "hb-cccccccc-33", "external_ids:iface-status"))
                .isEqualTo("active");
    }

    @Test
    void unplugsOnlyTheNamedLegsAndIgnoresUnknownNames() throws Exception {
        plug.plug(List.of(new LegPlug.Plug("hb-aaaaaaaa-11", Plans.LEFT_PORT, "fa:16:3e:00:00:01"),
                new LegPlug.Plug("hb-bbbbbbbb-22", Plans.RIGHT_PORT, "fa:16:3e:00:00:02")));

        plug.unplug(Set.of("hb-aaaaaaaa-11", "hb-nonexistent"));

        assertThat(plug.plugged("hb-")).containsExactly("hb-bbbbbbbb-22");
        assertThat(ovsdb.bed().vsctl("list-ports", BRIDGE).lines()).containsExactlyInAnyOrder("hb-bbbbbbbb-22",
                "tapvm");
        assertThat(ovsdb.bed().vsctl("--columns=name", "find", "Interface", "name=hb-aaaaaaaa-11"))
                .as("the interface row went with its port").isEmpty();
    }

    @Test
    void aDuplicatePlugFailsAndChangesNothing() throws Exception {
        LegPlug.Plug left = new LegPlug.Plug("hb-aaaaaaaa-11", Plans.LEFT_PORT, "fa:16:3e:00:00:01");
        plug.plug(List.of(left));

        assertThatThrownBy(() -> plug.plug(List.of(left,
                new LegPlug.Plug("hb-bbbbbbbb-22", Plans.RIGHT_PORT, "fa:16:3e:00:00:02"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(plug.plugged("hb-")).containsExactly("hb-aaaaaaaa-11");
    }

    @Test
    void withoutAConnectionItSaysSo() {
        OvsdbLegPlug unconnected = new OvsdbLegPlug(() -> null, BRIDGE);

        assertThatThrownBy(() -> unconnected.plugged("hb-")).hasMessageContaining("not connected");
    }
}
