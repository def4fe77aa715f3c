package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.ControllerCrashE2ETest.Neutron;
import io.sluice.e2e.ControllerCrashE2ETest.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stage of the fault tests: a bed of two hypervisors and a network node under a running controller and
 * agents, and two VMs on one VXLAN network, vm1 on hv1 and vm2 on hv2, that reach each other, so a test can
 * break one part while vm1 pings vm2. close() stops Sluice and removes the bed, also after a failed start.
 */
final class FaultBed implements AutoCloseable {
    static final Duration CONVERGE = Duration.ofSeconds(30);
    private static final String CIDR = "10.30.0.0/22";

    final TestBed bed;
    final SluiceCluster sluice;
    final Neutron admin;
    final Neutron alice;
    private String network;
    private String vm2Ip;

    private FaultBed(TestBed bed, SluiceCluster sluice) {
        this.bed = bed;
        this.sluice = sluice;
        this.admin = new Neutron(sluice.authUrl(), "admin", E2eIdentity.ADMIN_PASSWORD, "admin");
        this.alice = new Neutron(sluice.authUrl(), "alice", E2eIdentity.ALICE_PASSWORD, "red");
    }

    /** Brings the bed and Sluice up with the controller's extra arguments, and the two VMs pinging. */
    static FaultBed up(String prefix, String... controllerArgs) throws IOException {
        RealOvs.require(OpenStackCli.BINARY);
        TestBed bed = TestBed.up(prefix, 2);
        SluiceCluster sluice = null;
        try {
            sluice = SluiceCluster.onFreshState(bed);
            sluice.start(CONVERGE, controllerArgs);
            FaultBed faults = new FaultBed(bed, sluice);
            faults.plugTwoVms();
            return faults;
        } catch (IOException | RuntimeException | Error e) {
            SluiceCluster.stopAndTearDown(sluice, bed);
            throw e;
        }
    }

    private void plugTwoVms() {
        network = alice.create("networks", "{\"network\": {\"name\": \"fault-net\"}}").path("id").asText();
        alice.create("subnets", "{\"subnet\": {\"network_id\": \"" + network + "\", \"ip_version\": 4, \"cidr\": \""
                + CIDR + "\"}}");
        for (String vm : List.of("vm1", "vm2")) {
            String host = vm.equals("vm1") ? "hv1" : "hv2";
            JsonNode port = boundPort(vm, host);
            String ip = port.at("/fixed_ips/0/ip_address").asText();
            bed.plugVm(host, vm, port.path("id").asText(), port.path("mac_address").asText(),
                    ip + CIDR.substring(CIDR.indexOf('/')), 0);
            vm2Ip = ip;
        }
        SluiceCluster.await("vm1 (hv1) reaches vm2 (hv2)", CONVERGE, () -> bed.pings("vm-vm1", vm2Ip, 1));
    }

    /**
     * {@code count} more ports on vm1's network bound to {@code host} and plugged there as plain OVS internal
     * interfaces (no namespace each), so the host's switch carries a realistic number of flows.
     */
    void plugPlainPorts(String host, int count) {
        List<String> command = new ArrayList<>(List.of("ovs-vsctl"));
        for (int i = 0; i < count; i++) {
            String name = "plain" + i;
            JsonNode port = boundPort(name, host);
            String id = port.path("id").asText();
            command.addAll(List.of("--", "add-port", "br-int", name, "--", "set", "Interface", name, "type=internal",
                    "external_ids:iface-id=" + id, "external_ids:attached-mac=" + port.path("mac_address").asText(),
                    "external_ids:iface-status=active"));
        }
        bed.exec(host, command.toArray(String[]::new)).orThrow(command);
        SluiceCluster.await("every port of the network ACTIVE", CONVERGE, () -> {
            JsonNode ports = admin.get("/v2.0/ports?network_id=" + network).path("ports");
            return ports.size() == count + 2 && ports.findValuesAsText("status").stream().allMatch("ACTIVE"::equals);
        });
    }

    /** A port of alice's on the network, bound to a host by Nova (the admin); returns it as created. */
    private JsonNode boundPort(String name, String host) {
        JsonNode port = alice.create("ports", "{\"port\": {\"network_id\": \"" + network + "\", \"name\": \"" + name
                + "\"}}");
        Response bound = admin.send("PUT", "/v2.0/ports/" + port.path("id").asText(), "{\"port\": {\"binding:host_id\": "
                + "\"" + host + "\", \"device_owner\": \"compute:nova\"}}");
        assertThat(bound.status()).as("binding %s: %s", name, bound.body()).isEqualTo(200);
        return port;
    }

    /** vm1 (hv1) pinging vm2 (hv2) every 10 ms, logged to the work directory's {@code name}.log. */
    ContinuousPing pingAcross(String name) throws IOException {
        return ContinuousPing.start(bed, "vm1", vm2Ip, sluice.workDir().resolve(name + ".log"));
    }

    /** A host's br-int flows, identity (without counters) to duration. */
    Map<String, Double> flows(String host) {
        return FlowDump.durations(bed.ofctl(host, "dump-flows", "br-int"));
    }

    /**
     * A ping's figures for a report: requests sent, those never answered between the first and the last reply,
     * and the longest silence with the requests around it; a last request still in flight when the ping was
     * stopped is not counted lost.
     */
    static String summary(PingTrace trace) {
        return String.format("%d sent, %d lost, %d in flight when stopped, longest gap %d ms (between the replies "
                + "to icmp_seq %s)", trace.transmitted(), trace.lost(), trace.transmitted() - trace.replies()
                - trace.lost(), trace.longestSilence().toMillis(), trace.longestSilenceBounds());
    }

    /**
     * No request lost between the first and the last reply, and replies still coming in the last second before
     * the ping was stopped: the requests after the last reply were in flight then (RTTs reach hundreds of ms on
     * this loaded machine), not lost to an outage at the end.
     */
    static void assertDeliveredAll(PingTrace trace, Instant stopped, String across) {
        assertThat(trace.replies()).as("replies %s", across).isPositive();
        assertThat(trace.lost()).as("pings lost %s (longest gap %s)", across, trace.longestSilence()).isZero();
        assertThat(trace.answeredAfter(stopped.minusSeconds(1))).as("replies %s in the last second before the "
                + "ping was stopped", across).isPositive();
    }

    /** The one line a measured figure is printed on, for docs/reliability.md. */
    static void report(String fault, String format, Object... args) {
        System.out.printf("fault %s: %s%n", fault, String.format(format, args));
    }

    @Override
    public void close() {
        SluiceCluster.stopAndTearDown(sluice, bed);
    }
}
