package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.agent.AgentInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunnelPortSpecTest {
    @Test
    void vxlanOnTheIanaPortLeavesDstPortToOvs() {
        TunnelPortSpec spec = TunnelPortSpec.vxlan("198.51.100.21", 4789);

        assertThat(spec.kind()).isEqualTo("vxlan");
        assertThat(spec.name()).isEqualTo("vxlan-sluice");
        assertThat(spec.type()).isEqualTo("vxlan");
        assertThat(spec.ofportRequest()).isEqualTo(65000);
        assertThat(spec.options()).isEqualTo(Map.of("remote_ip", "flow", "key", "flow", "local_ip", "198.51.100.21"));
    }

    @Test
    void vxlanOnAnotherPortSetsDstPortAndKeepsItsKindAndName() {
        TunnelPortSpec spec = TunnelPortSpec.vxlan("198.51.100.21", 8472);

        assertThat(spec.kind()).isEqualTo("vxlan");
        assertThat(spec.name()).isEqualTo("vxlan-sluice");
        assertThat(spec.options()).containsEntry("dst_port", "8472").containsEntry("remote_ip", "flow");
    }

    @Test
    void repairSetsOurKeysAndKeepsTheOperators() {
        TunnelPortSpec spec = TunnelPortSpec.vxlan("198.51.100.21", 4789);

        assertThat(spec.repairedOptions(Map.of("local_ip", "203.0.113.9", "tos", "inherit")))
                .isEqualTo(Map.of("remote_ip", "flow", "key", "flow", "local_ip", "198.51.100.21", "tos", "inherit"));
        assertThat(spec.repairedOptions(spec.options())).isEqualTo(spec.options());
    }

    @Test
    void repairDropsAForeignDstPortButNotAnExplicitDefault() {
        TunnelPortSpec iana = TunnelPortSpec.vxlan("198.51.100.21", 4789);
        Map<String, String> with8472 = TunnelPortSpec.vxlan("198.51.100.21", 8472).options();

        assertThat(iana.repairedOptions(with8472)).isEqualTo(iana.options());
        assertThat(iana.repairedOptions(Map.of("dst_port", "4789"))).containsEntry("dst_port", "4789");
        assertThat(TunnelPortSpec.vxlan("198.51.100.21", 8472).repairedOptions(iana.options())).isEqualTo(with8472);
    }

    @Test
    void mplsOverGreIsFlowBasedGreWithoutAnInnerEthernetHeader() {
        TunnelPortSpec spec = TunnelPortSpec.mplsOverGre("198.51.100.21");

        assertThat(spec.kind()).isEqualTo("mplsogre").isEqualTo(AgentInfo.MPLSOGRE_TUNNEL);
        assertThat(spec.name()).isEqualTo("mplsogre-sluice");
        assertThat(spec.type()).isEqualTo("gre");
        assertThat(spec.ofportRequest()).isEqualTo(65001);
        assertThat(spec.options()).isEqualTo(
                Map.of("remote_ip", "flow", "local_ip", "198.51.100.21", "packet_type", "legacy_l3"));
    }

    @Test
    void mplsOverGreRepairSetsOurKeysAndKeepsTheOperators() {
        TunnelPortSpec spec = TunnelPortSpec.mplsOverGre("198.51.100.21");

        assertThat(spec.repairedOptions(Map.of("remote_ip", "203.0.113.1", "local_ip", "198.51.100.21",
                "packet_type", "ptap", "tos", "inherit", "csum", "true")))
                .isEqualTo(Map.of("remote_ip", "flow", "local_ip", "198.51.100.21", "packet_type", "legacy_l3",
                        "tos", "inherit", "csum", "true"));
        assertThat(spec.repairedOptions(Map.of())).isEqualTo(spec.options());
        assertThat(spec.repairedOptions(spec.options())).isEqualTo(spec.options());
    }

    @Test
    void rejectsWhatOvsWouldRefuse() {
        assertThatThrownBy(() -> TunnelPortSpec.vxlan(" ", 4789)).hasMessageContaining("tunnel IP");
        assertThatThrownBy(() -> TunnelPortSpec.mplsOverGre(null)).hasMessageContaining("tunnel IP");
        assertThatThrownBy(() -> new TunnelPortSpec("vxlan", "v", "vxlan", 65280, Map.of()))
                .hasMessageContaining("1..65279");
    }
}
