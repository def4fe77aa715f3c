package io.sluice.northbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.models.tenant.MplsEncapsulation;
import io.sluice.models.tenant.NetworkType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The tenant network options of {@code sluice controller}, parsed as the command line gives them. */
class ControllerCommandOptionsTest {
    private static ControllerCommand parse(String... args) {
        ControllerCommand command = new ControllerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void tenantNetworksAreVxlanAndMplsGoesOverGreWithAMinuteOfQuarantineByDefault() {
        ControllerCommand command = parse();
        assertThat(command.tenantNetworkType).isEqualTo(NetworkType.VXLAN);
        assertThat(command.mplsEncapsulation).isEqualTo(MplsEncapsulation.GRE);
        assertThat(command.labelQuarantine).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theOptionsTakeTheirWireNames() {
        ControllerCommand command = parse("--tenant-network-type", "mpls", "--mpls-encapsulation", "vxlan",
                "--mpls-label-quarantine", "PT5M");
        assertThat(command.tenantNetworkType).isEqualTo(NetworkType.MPLS);
        assertThat(command.mplsEncapsulation).isEqualTo(MplsEncapsulation.VXLAN);
        assertThat(command.labelQuarantine).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void providerTypesAndUnknownEncapsulationsAreRefused() {
        assertThatThrownBy(() -> parse("--tenant-network-type", "vlan")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("expected vxlan or mpls, got 'vlan'");
        assertThatThrownBy(() -> parse("--mpls-encapsulation", "udp")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("expected gre or vxlan, got 'udp'");
    }

    @Test
    void routerFailoverIsOnByDefaultWithTheAgentDownTimeAsGrace() {
        assertThat(parse().routerFailover()).contains(Duration.ofSeconds(6));
        assertThat(parse("--agent-down-time", "PT9S").routerFailover()).contains(Duration.ofSeconds(9));
        assertThat(parse("--router-failover-grace", "PT20S").routerFailover()).contains(Duration.ofSeconds(20));
        assertThat(parse("--router-failover").routerFailover()).contains(Duration.ofSeconds(6));
        assertThat(parse("--router-failover=true").routerFailover()).contains(Duration.ofSeconds(6));
    }

    @Test
    void routerFailoverTurnsOffAsNeutronsAllowAutomaticL3AgentFailover() {
        assertThat(parse("--no-router-failover").routerFailover()).isEmpty();
        assertThat(parse("--router-failover=false").routerFailover()).isEmpty();
        assertThatThrownBy(() -> parse("--router-failover=maybe")).isInstanceOf(ParameterException.class);
    }
}
