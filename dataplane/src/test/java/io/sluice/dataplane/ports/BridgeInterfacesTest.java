package io.sluice.dataplane.ports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.dataplane.ovsdb.RowUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeInterfacesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final BridgeInterfaces mirror = new BridgeInterfaces();

    /** Applies a monitor's {@code <table-updates>}, written with ' for ". */
    private void apply(String tableUpdates) throws Exception {
        List<RowUpdate> updates = RowUpdate.parse(json.readTree(tableUpdates.replace('\'', '"')));
        mirror.apply(updates);
    }

    private void initialContents() throws Exception {
        apply("{'Bridge': {"
                + "  'b1': {'new': {'name': 'br-int',"
                + "         'ports': ['set', [['uuid', 'p1'], ['uuid', 'p2'], ['uuid', 'p3']]]}},"
                + "  'b2': {'new': {'name': 'br-ex', 'ports': ['uuid', 'p4']}}},"
                + " 'Port': {"
                + "  'p1': {'new': {'interfaces': ['uuid', 'i1']}},"
                + "  'p2': {'new': {'interfaces': ['uuid', 'i2']}},"
                + "  'p3': {'new': {'interfaces': ['uuid', 'i3']}},"
                + "  'p4': {'new': {'interfaces': ['uuid', 'i4']}}},"
                + " 'Interface': {"
                + "  'i1': {'new': {'name': 'tapaaaa', 'ofport': 1, 'external_ids': ['map', [['iface-id', 'A'],"
                + "         ['attached-mac', 'fa:16:3e:00:00:01'], ['iface-status', 'active']]]}},"
                + "  'i2': {'new': {'name': 'tapbbbb', 'ofport': ['set', []],"
                + "         'external_ids': ['map', [['iface-id', 'B']]]}},"
                + "  'i3': {'new': {'name': 'vxlan-sluice', 'ofport': 65000, 'external_ids': ['map', []]}},"
                + "  'i4': {'new': {'name': 'tapdddd', 'ofport': 4, 'external_ids': ['map', [['iface-id', 'D']]]}}}}");
    }

    @Test
    void vmPortsAreTheBridgesInterfacesWithAnIfaceId() throws Exception {
        initialContents();

        assertThat(mirror.vmPorts("br-int")).containsOnly(
                Map.entry("A", new VmPort("A", 1, "fa:16:3e:00:00:01")),
                Map.entry("B", new VmPort("B", -1, null)));
        assertThat(mirror.vmPorts("br-ex")).containsOnlyKeys("D");
        assertThat(mirror.vmPorts("br-nope")).isEmpty();
    }

    @Test
    void followsNumberingEditsUnplugsAndMoves() throws Exception {
        initialContents();

        apply("{'Interface': {'i2': {'old': {'ofport': ['set', []]}, 'new': {'name': 'tapbbbb', 'ofport': 2,"
                + " 'external_ids': ['map', [['iface-id', 'B'], ['attached-mac', 'fa:16:3e:00:00:02']]]}}}}");
        assertThat(mirror.vmPorts("br-int").get("B")).isEqualTo(new VmPort("B", 2, "fa:16:3e:00:00:02"));

        // Unplug A (its Port leaves br-int and both rows go), move D onto br-int.
        apply("{'Bridge': {'b1': {'new': {'name': 'br-int', 'ports': ['set', [['uuid', 'p2'], ['uuid', 'p3'],"
                + " ['uuid', 'p4']]]}, 'old': {'ports': []}},"
                + "            'b2': {'new': {'name': 'br-ex', 'ports': ['set', []]}, 'old': {'ports': []}}},"
                + " 'Port': {'p1': {'old': {'interfaces': ['uuid', 'i1']}}},"
                + " 'Interface': {'i1': {'old': {'name': 'tapaaaa', 'ofport': 1, 'external_ids': ['map', []]}}}}");
        assertThat(mirror.vmPorts("br-int")).containsOnlyKeys("B", "D");
        assertThat(mirror.vmPorts("br-ex")).isEmpty();
    }

    @Test
    void ofTwoInterfacesClaimingOnePortIdTheNumberedOneWins() throws Exception {
        initialContents();
        apply("{'Interface': {'i1': {'old': {}, 'new': {'name': 'tapaaaa', 'ofport': -1, 'external_ids':"
                + " ['map', [['iface-id', 'B']]]}}}}");
        apply("{'Interface': {'i2': {'old': {}, 'new': {'name': 'tapbbbb', 'ofport': 2, 'external_ids':"
                + " ['map', [['iface-id', 'B']]]}}}}");

        assertThat(mirror.vmPorts("br-int")).containsOnlyKeys("B");
        assertThat(mirror.vmPorts("br-int").get("B").ofport()).isEqualTo(2);
    }
}
