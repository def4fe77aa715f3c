package io.sluice.controller.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.OperatorFlows;
import io.sluice.controller.compile.Snapshot;
import io.sluice.models.agent.AgentInfo;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.FixedIp;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.DatapathId;

class PortStatusPolicyTest {
    private static final String NET = "00000000-0000-4000-8000-0000000000aa";
    private static final String SUBNET = "00000000-0000-4000-8000-0000000000bb";
    static final String VM1 = "00000000-0000-4000-8000-000000000001";
    static final String VM2 = "00000000-0000-4000-8000-000000000002";
    static final DatapathId HV1 = DatapathId.of(1);
    static final DatapathId HV2 = DatapathId.of(2);

    private static final Function<DatapathId, Optional<Boolean>> ALL = dpid -> Optional.of(true);

    /** Switches that converged, switches that refused flows; any other is not reconciled yet. */
    static Function<DatapathId, Optional<Boolean>> converged(Set<DatapathId> ok, Set<DatapathId> failed) {
        return dpid -> ok.contains(dpid) ? Optional.of(true) : failed.contains(dpid) ? Optional.of(false)
                : Optional.empty();
    }

    private static AgentInfo host(String name, long dpid) {
        return new AgentInfo(name, AgentInfo.OVS_AGENT_TYPE, AgentInfo.OVS_AGENT_BINARY, "100.64.0." + dpid, Map.of(),
                String.format("%016x", dpid), Map.of("vxlan", 100), Map.of(), false);
    }

    static Port port(String id, String host) {
        return new Port(id, "p1", NET, "", "fa:16:3e:00:00:0" + id.charAt(id.length() - 1),
                List.of(new FixedIp(SUBNET, "10.0.0." + (10 + id.charAt(id.length() - 1) - '0'))), "vm", "compute:nova",
                true, true, List.of(), new PortBinding(host, Map.of()), PortStatus.DOWN, 1);
    }

    static Snapshot snapshot(List<Port> ports, List<PortReport> plugged) {
        Network net = new Network(NET, "p1", "n", true, false, false, NetworkType.VXLAN, 1001, null, 1450, 1);
        return new Snapshot(Map.of("hv1", host("hv1", 1), "hv2", host("hv2", 2)),
                plugged.stream().collect(java.util.stream.Collectors.toMap(PortReport::portId, r -> r)),
                TenantModel.of(5, List.of(net), List.of(), ports), OperatorFlows.NONE);
    }

    @Test
    void aBoundPluggedPortIsActiveOnceEverySwitchOfItsNetworkConverged() {
        Snapshot s = snapshot(List.of(port(VM1, "hv1"), port(VM2, "hv2")),
                List.of(new PortReport(VM1, "hv1", 10, "fa:16:3e:00:00:01", true),
                        new PortReport(VM2, "hv2", 11, "fa:16:3e:00:00:02", true)));

        assertThat(PortStatusPolicy.statuses(s, converged(Set.of(HV1, HV2), Set.of())))
                .containsEntry(VM1, PortStatus.ACTIVE).containsEntry(VM2, PortStatus.ACTIVE);
        assertThat(PortStatusPolicy.statuses(s, converged(Set.of(HV1), Set.of(HV2))))
                .as("hv2 refused its flows: neither port can reach the other")
                .containsEntry(VM1, PortStatus.DOWN).containsEntry(VM2, PortStatus.DOWN);
        assertThat(PortStatusPolicy.statuses(s, converged(Set.of(HV1), Set.of())))
                .as("hv2 not reconciled yet (a controller restart): both undecided, their statuses kept")
                .isEmpty();
    }

    @Test
    void unboundUnpluggedOrPluggedElsewhereIsDown() {
        Port unbound = port(VM1, "");
        Port boundButNotPlugged = port(VM2, "hv2");
        assertThat(PortStatusPolicy.statuses(snapshot(List.of(unbound, boundButNotPlugged), List.of()), ALL))
                .containsEntry(VM1, PortStatus.DOWN).containsEntry(VM2, PortStatus.DOWN);

        Snapshot pluggedOnTheWrongHost = snapshot(List.of(port(VM1, "hv1")),
                List.of(new PortReport(VM1, "hv2", 10, "fa:16:3e:00:00:01", true)));
        assertThat(PortStatusPolicy.statuses(pluggedOnTheWrongHost, ALL)).containsEntry(VM1, PortStatus.DOWN);

        Snapshot noOfportYet = snapshot(List.of(port(VM1, "hv1")),
                List.of(new PortReport(VM1, "hv1", -1, "fa:16:3e:00:00:01", true)));
        assertThat(PortStatusPolicy.statuses(noOfportYet, ALL)).containsEntry(VM1, PortStatus.DOWN);
    }

    @Test
    void aPortOnAFlatNetworkIsDownOnAHostWithoutAPatchToItsPhysicalNetwork() {
        Network flat = new Network(NET, "p1", "n", true, false, true, NetworkType.FLAT, null, "physnet1", 1500, 1);
        AgentInfo hv1 = host("hv1", 1);
        AgentInfo patched = new AgentInfo("hv1", hv1.agentType(), hv1.binary(), hv1.tunnelIp(),
                Map.of("physnet1", "br-ex"), hv1.datapathId(), hv1.tunnelPorts(), Map.of("physnet1", 65100), false);
        List<Port> ports = List.of(port(VM1, "hv1"), port(VM2, "hv2"));
        Snapshot s = new Snapshot(Map.of("hv1", patched, "hv2", host("hv2", 2)),
                Map.of(VM1, new PortReport(VM1, "hv1", 3, ports.get(0).macAddress(), true),
                        VM2, new PortReport(VM2, "hv2", 3, ports.get(1).macAddress(), true)),
                TenantModel.of(5, List.of(flat), List.of(), ports), OperatorFlows.NONE);

        assertThat(PortStatusPolicy.statuses(s, ALL)).isEqualTo(Map.of(VM1, PortStatus.ACTIVE, VM2, PortStatus.DOWN));
    }

    @Test
    void eachSwitchIsAskedOnceHoweverManyPortsItServes() {
        Snapshot s = snapshot(List.of(port(VM1, "hv1"), port(VM2, "hv2")),
                List.of(new PortReport(VM1, "hv1", 10, "fa:16:3e:00:00:01", true),
                        new PortReport(VM2, "hv2", 11, "fa:16:3e:00:00:02", true)));
        Map<DatapathId, Integer> asked = new HashMap<>();
        Map<String, PortStatus> statuses = PortStatusPolicy.statuses(s, dpid -> {
            asked.merge(dpid, 1, Integer::sum);
            return Optional.of(true);
        });

        assertThat(statuses).isEqualTo(Map.of(VM1, PortStatus.ACTIVE, VM2, PortStatus.ACTIVE));
        assertThat(asked).isEqualTo(Map.of(HV1, 1, HV2, 1));
    }
}
