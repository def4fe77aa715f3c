package io.sluice.dataplane.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAgentConfigTest {
    private final Path socket = Path.of("/run/openvswitch/db.sock");

    @Test
    void defaultsAreTheProductionOnes() {
        NodeAgentConfig config = NodeAgentConfig.defaults(socket, "192.0.2.1");

        assertThat(config.openflowPort()).isEqualTo(6653);
        assertThat(config.agentChannelPort()).isEqualTo(6670);
        assertThat(config.datapathType()).isEqualTo("system");
        assertThat(config.bridgeMappings()).isEmpty();
        assertThat(config.hostNameOverride()).isNull();
        assertThat(config.vxlanPort()).isEqualTo(4789);
        assertThat(new NodeAgentConfig(socket, "192.0.2.1", 6653, 6670, "system", null, Map.of(), null).vxlanPort())
                .isEqualTo(4789);
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> new NodeAgentConfig(socket, " ", 6653, 6670, "system", null, Map.of(), null))
                .hasMessageContaining("controller host");
        assertThatThrownBy(() -> new NodeAgentConfig(socket, "192.0.2.1", 0, 6670, "system", null, Map.of(), null))
                .hasMessageContaining("OpenFlow port");
        assertThatThrownBy(() -> new NodeAgentConfig(socket, "192.0.2.1", 6653, 6670, "", null, Map.of(), null))
                .hasMessageContaining("datapath type");
        assertThatThrownBy(() -> new NodeAgentConfig(socket, "192.0.2.1", 6653, 6670, "system", null, Map.of(), null,
                65536)).hasMessageContaining("VXLAN port");
    }

    @Test
    void bridgeMappingsNeedOneShortBridgeEachThatIsNotBrInt() {
        assertThat(mapped(Map.of("physnet1", "br-ex", "physnet2", "br-vlan")).bridgeMappings()).hasSize(2);
        assertThatThrownBy(() -> mapped(Map.of("physnet1", "br-int"))).hasMessageContaining("not be br-int");
        assertThatThrownBy(() -> mapped(Map.of("physnet1", "br-provider1"))).hasMessageContaining("at most 11");
        assertThatThrownBy(() -> mapped(Map.of("physnet1", "br-ex", "physnet2", "br-ex")))
                .hasMessageContaining("one bridge");
    }

    private NodeAgentConfig mapped(Map<String, String> mappings) {
        return new NodeAgentConfig(socket, "192.0.2.1", 6653, 6670, "netdev", null, mappings, null);
    }
}
