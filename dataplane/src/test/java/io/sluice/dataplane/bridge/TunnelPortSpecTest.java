package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.bridge.TunnelPortSpec.Source.PINNED;
import static io.sluice.dataplane.bridge.TunnelPortSpec.Source.ROUTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.agent.AgentInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunnelPortSpecTest {
    @Test
    void vxlanOnTheIanaPortLeavesDstPortToOvs() {
        TunnelPortSpec spec = TunnelPortSpec.vxlan("198.51.100.21", 4789, PINNED);

        assertThat(spec.kind()).isEqualTo("vxlan");
        assertThat(spec.name()).isEqualTo("vxlan-sluice");
        assertThat(spec.type()).isEqualTo("vxlan");
        assertThat(spec.ofportRequest()).isEqualTo(65000);
        assertThat(spec.options()).isEqualTo(Map.of("remote_ip", "flow", "key", "flow", "local_ip", "198.51.100.21"));
    }

    @Test
    void vxlanOnAnotherPortSetsDstPortAndKeepsItsKindAndName() {
        TunnelPortSpec spec = TunnelPortSpec.vxlan("198.51.100.21", 8472, PINNED);

        assertThat(spec.kind()).isEqualTo("vxlan");
        assertThat(spec.name()).isEqualTo("vxlan-sluice");
        assertThat(spec.options()).containsEntry("dst_port", "8472").containsEntry("remote_ip", "flow");
    }

    @Test
    void repairSetsOurKeysAndKeepsTheOperators() {
        TunnelPortSpec spec = TunnelPortSpec.vxlan("198.51.100.21", 4789, PINNED);

        assertThat(spec.repairedOptions(Map.of("local_ip", "203.0.113.9", "tos", "inherit")))
                .isEqualTo(Map.of("remote_ip", "flow", "key", "flow", "local_ip", "198.51.100.21", "tos", "inherit"));
        assertThat(spec.repairedOptions(spec.options())).isEqualTo(spec.options());
    }

    @Test
    void repairDropsAForeignDstPortButNotAnExplicitDefault() {
        TunnelPortSpec iana = TunnelPortSpec.vxlan("198.51.100.21", 4789, PINNED);
        Map<String, String> with8472 = TunnelPortSpec.vxlan("198.51.100.21", 8472, PINNED).options();

        assertThat(iana.repairedOptions(with8472)).isEqualTo(iana.options());
        assertThat(iana.repairedOptions(Map.of("dst_port", "4789"))).containsEntry("dst_port", "4789");
        assertThat(TunnelPortSpec.vxlan("198.51.100.21", 8472, PINNED).repairedOptions(iana.options())).isEqualTo(with8472);
    }

    @Test
    void mplsOverGreIsFlowBasedGreWithoutAnInnerEthernetHeader() {
        TunnelPortSpec spec = TunnelPortSpec.mplsOverGre("198.51.100.21", PINNED);

        assertThat(spec.kind()).isEqualTo("mplsogre").isEqualTo(AgentInfo.MPLSOGRE_TUNNEL);
        assertThat(spec.name()).isEqualTo("mplsogre-sluice");
        assertThat(spec.type()).isEqualTo("gre");
        assertThat(spec.ofportRequest()).isEqualTo(65001);
        assertThat(spec.options()).isEqualTo(
                Map.of("remote_ip", "flow", "local_ip", "198.51.100.21", "packet_type", "legacy_l3"));
    }

    @Test
    void mplsOverGreRepairSetsOurKeysAndKeepsTheOperators() {
        TunnelPortSpec spec = TunnelPortSpec.mplsOverGre("198.51.100.21", PINNED);

        assertThat(spec.repairedOptions(Map.of("remote_ip", "203.0.113.1", "local_ip", "198.51.100.21",
                "packet_type", "ptap", "tos", "inherit", "csum", "true")))
                .isEqualTo(Map.of("remote_ip", "flow", "local_ip", "198.51.100.21", "packet_type", "legacy_l3",
                        "tos", "inherit", "csum", "true"));
        assertThat(spec.repairedOptions(Map.of())).isEqualTo(spec.options());
        assertThat(spec.repairedOptions(spec.options())).isEqualTo(spec.options());
    }

    @Test
    void aRoutedSourceSetsNoLocalIpAndRepairDropsOne() {
        TunnelPortSpec vxlan = TunnelPortSpec.vxlan("198.51.100.21", 4789, ROUTED);
        TunnelPortSpec mplsOverGre = TunnelPortSpec.mplsOverGre("198.51.100.21", ROUTED);

        assertThat(vxlan.options()).isEqualTo(Map.of("remote_ip", "flow", "key", "flow"));
        assertThat(mplsOverGre.options()).isEqualTo(Map.of("remote_ip", "flow", "packet_type", "legacy_l3"));
        assertThat(vxlan.repairedOptions(Map.of("local_ip", "198.51.100.21", "key", "flow", "tos", "inherit")))
                .isEqualTo(Map.of("remote_ip", "flow", "key", "flow", "tos", "inherit"));
        assertThat(mplsOverGre.repairedOptions(TunnelPortSpec.mplsOverGre("198.51.100.21", PINNED).options()))
                .isEqualTo(mplsOverGre.options());
    }

    @Test
    void rejectsWhatOvsWouldRefuse() {
        assertThatThrownBy(() -> TunnelPortSpec.vxlan(" ", 4789, PINNED)).hasMessageContaining("tunnel IP");
        assertThatThrownBy(() -> TunnelPortSpec.mplsOverGre(null, PINNED)).hasMessageContaining("tunnel IP");
        assertThatThrownBy(() -> new TunnelPortSpec("vxlan", "v", "vxlan", 65280, Map.of()))
                .hasMessageContaining("1..65279");
    }
}
