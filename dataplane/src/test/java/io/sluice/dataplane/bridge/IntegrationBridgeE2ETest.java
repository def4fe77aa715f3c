package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.dataplane.bridge.IntegrationBridge.Outcome;
import io.sluice.dataplane.ovsdb.OvsdbTransactionException;
import io.sluice.dataplane.ovsdb.VswitchSchema;
import io.sluice.dataplane.testing.Await;
import io.sluice.dataplane.testing.ConnectedOvsdb;
import io.sluice.dataplane.testing.RequiresOvs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** IntegrationBridge against a real ovsdb-server, checked with ovs-vsctl. */
@RequiresOvs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrationBridgeE2ETest {
    private static final String TARGET = "tcp:127.0.0.1:6653";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @AutoClose
    private ConnectedOvsdb ovsdb;
    private IntegrationBridge bridge;

    @BeforeAll
    void start() throws Exception {
        ovsdb = ConnectedOvsdb.startOvsdb();
        bridge = new IntegrationBridge(ovsdb.client(), BridgeSpec.integration("netdev", TARGET), ovsdb.group());
    }

    @BeforeEach
    void withoutBrInt() throws Exception {
        ovsdb.bed().vsctl("--if-exists", "del-br", "br-int", "--", "--if-exists", "del-br", "br-other");
    }

    private Outcome ensure() throws Exception {
        return bridge.ensure().get(5, TimeUnit.SECONDS);
    }

    private String get(String table, String record, String column) throws Exception {
        return ovsdb.bed().vsctl("get", table, record, column);
    }

    @Test
    void createsBrIntWithExactlyTheSpecifiedColumns() throws Exception {
        ovsdb.bed().vsctl("--may-exist", "add-br", "br-other");

        assertThat(ensure()).isEqualTo(Outcome.CREATED);

        assertThat(get("Bridge", "br-int", "datapath_type")).isEqualTo("netdev");
        assertThat(get("Bridge", "br-int", "fail_mode")).isEqualTo("secure");
        assertThat(get("Bridge", "br-int", "protocols")).isEqualTo("[OpenFlow13]");
        assertThat(get("Bridge", "br-int", "other_config")).isEqualTo("{disable-in-band=\"true\"}");
        assertThat(ovsdb.bed().vsctl("get-controller", "br-int")).isEqualTo(TARGET);
        assertThat(get("Bridge", "br-int", "ports")).isEqualTo("[" + get("Port", "br-int", "_uuid") + "]");
        assertThat(get("Port", "br-int", "interfaces")).isEqualTo("[" + get("Interface", "br-int", "_uuid") + "]");
        assertThat(get("Interface", "br-int", "type")).isEqualTo("internal");
        // Attached with a mutation: the bridge that was there stays.
        assertThat(ovsdb.bed().vsctl("list-br").lines()).containsExactly("br-int", "br-other");
    }

    @Test
    void ensuringTwiceChangesNothing() throws Exception {
        ensure();
        String before = ovsdb.bed().vsctl("list", "Bridge", "br-int") + ovsdb.bed().vsctl("list", "Controller");

        assertThat(ensure()).isEqualTo(Outcome.UNCHANGED);

        assertThat(ovsdb.bed().vsctl("list", "Bridge", "br-int") + ovsdb.bed().vsctl("list", "Controller"))
                .isEqualTo(before);
    }

    @Test
    void repairsWrongColumnsInPlace() throws Exception {
        ensure();
        String uuid = get("Bridge", "br-int", "_uuid");
        String controller = get("Bridge", "br-int", "controller");
        ovsdb.bed().vsctl("set", "Bridge", "br-int", "fail_mode=standalone", "datapath_type=system",
                "protocols=OpenFlow10,OpenFlow13", "other_config:disable-in-band=false", "other_config:keep=me");

        assertThat(ensure()).isEqualTo(Outcome.REPAIRED);

        assertThat(get("Bridge", "br-int", "fail_mode")).isEqualTo("secure");
        assertThat(get("Bridge", "br-int", "datapath_type")).isEqualTo("netdev");
        assertThat(get("Bridge", "br-int", "protocols")).isEqualTo("[OpenFlow13]");
        assertThat(get("Bridge", "br-int", "other_config")).isEqualTo("{disable-in-band=\"true\", keep=me}");
        assertThat(get("Bridge", "br-int", "_uuid")).isEqualTo(uuid);
        assertThat(get("Bridge", "br-int", "controller")).isEqualTo(controller);
        assertThat(ensure()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void replacesADifferentControllerWithoutPassingThroughZeroControllers() throws Exception {
        ensure();
        String uuid = get("Bridge", "br-int", "_uuid");
        ovsdb.bed().vsctl("set-controller", "br-int", "tcp:127.0.0.1:9999");
        List<JsonNode> controllerSets = new CopyOnWriteArrayList<>();
        ovsdb.client().monitor(VswitchSchema.DB, "controllers",
                Map.of(VswitchSchema.BRIDGE, List.of("name", "controller")),
                updates -> updates.stream().filter(update -> !update.isDelete())
                        .forEach(update -> controllerSets.add(update.newRow().get("controller"))))
                .get(5, TimeUnit.SECONDS);
        try {
            assertThat(ensure()).isEqualTo(Outcome.REPAIRED);

            assertThat(ovsdb.bed().vsctl("get-controller", "br-int")).isEqualTo(TARGET);
            assertThat(get("Bridge", "br-int", "_uuid")).isEqualTo(uuid);
            Await.until(TIMEOUT, "the controller update", () -> controllerSets.size() == 2);
            // Initial contents, then one change from one controller to another: never none in between.
            assertThat(controllerSets).allSatisfy(set -> assertThat(set.get(0).asText()).isEqualTo("uuid"));
        } finally {
            ovsdb.client().monitorCancel("controllers").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void givesABridgeWithoutControllerItsController() throws Exception {
        ensure();
        ovsdb.bed().vsctl("del-controller", "br-int");

        assertThat(ensure()).isEqualTo(Outcome.REPAIRED);

        assertThat(ovsdb.bed().vsctl("get-controller", "br-int")).isEqualTo(TARGET);
    }

    @Test
    void recreatesADeletedBridge() throws Exception {
        ensure();
        String uuid = get("Bridge", "br-int", "_uuid");
        ovsdb.bed().vsctl("del-br", "br-int");

        assertThat(ensure()).isEqualTo(Outcome.CREATED);

        assertThat(get("Bridge", "br-int", "_uuid")).isNotEqualTo(uuid);
    }

    @Test
    void aRepairPlannedBeforeAConcurrentChangeIsRefused() throws Exception {
        ensure();
        ovsdb.bed().vsctl("set", "Bridge", "br-int", "fail_mode=standalone");
        BridgePlanner.Plan stale = new BridgePlanner(bridge.spec()).plan(readState());
        ovsdb.bed().vsctl("set", "Bridge", "br-int", "protocols=OpenFlow10");

        assertRefusedByItsWait(stale);
        assertThat(get("Bridge", "br-int", "fail_mode")).isEqualTo("standalone");
        // ensure() reads again and repairs both.
        assertThat(ensure()).isEqualTo(Outcome.REPAIRED);
        assertThat(get("Bridge", "br-int", "fail_mode")).isEqualTo("secure");
        assertThat(get("Bridge", "br-int", "protocols")).isEqualTo("[OpenFlow13]");
    }

    @Test
    void aCreationPlannedBeforeSomeoneElseCreatedTheBridgeIsRefused() throws Exception {
        BridgePlanner.Plan stale = new BridgePlanner(bridge.spec()).plan(readState());
        ovsdb.bed().vsctl("add-br", "br-int");

        assertRefusedByItsWait(stale);
        assertThat(ensure()).isEqualTo(Outcome.REPAIRED);
    }

    private BridgeState readState() throws Exception {
        return BridgeState.parse(ovsdb.client().transact(VswitchSchema.DB, BridgeState.readOps("br-int"))
                .get(5, TimeUnit.SECONDS));
    }

    private void assertRefusedByItsWait(BridgePlanner.Plan stale) {
        assertThat(ovsdb.client().transact(VswitchSchema.DB, stale.ops())).failsWithin(TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(OvsdbTransactionException.class, e -> {
                    assertThat(e.error()).isEqualTo("timed out");
                    assertThat(e.failedOp()).hasValueSatisfying(op -> assertThat(op.get("op").asText()).isEqualTo("wait"));
                });
    }
}
