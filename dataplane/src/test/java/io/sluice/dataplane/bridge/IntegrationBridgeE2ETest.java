package io.sluice.dataplane.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.sluice.dataplane.bridge.IntegrationBridge.Outcome;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import io.sluice.dataplane.ovsdb.OvsdbTransactionException;
import io.sluice.dataplane.ovsdb.VswitchSchema;
import io.sluice.dataplane.testing.Await;
import io.sluice.dataplane.testing.OvsTestBed;
import io.sluice.dataplane.testing.RequiresOvs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
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

    private final ObjectMapper mapper = new ObjectMapper();
    private EventLoopGroup group;
    private OvsTestBed bed;
    private OvsdbClient client;
    private IntegrationBridge bridge;

    @BeforeAll
    void start() throws Exception {
        group = new EpollEventLoopGroup(1);
        bed = OvsTestBed.startOvsdb();
        client = OvsdbClient.connect(group, bed.socket(), mapper).get(5, TimeUnit.SECONDS);
        bridge = new IntegrationBridge(client, BridgeSpec.integration("netdev", TARGET), group);
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (bed != null) {
            bed.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @BeforeEach
    void withoutBrInt() throws Exception {
        bed.vsctl("--if-exists", "del-br", "br-int", "--", "--if-exists", "del-br", "br-other");
    }

    private Outcome ensure() throws Exception {
        return bridge.ensure().get(5, TimeUnit.SECONDS);
    }

    private String get(String table, String record, String column) throws Exception {
        return bed.vsctl("get", table, record, column);
    }

    @Test
    void createsBrIntWithExactlyTheSpecifiedColumns() throws Exception {
        bed.vsctl("--may-exist", "add-br", "br-other");

        assertThat(ensure()).isEqualTo(Outcome.CREATED);

        assertThat(get("Bridge", "br-int", "datapath_type")).isEqualTo("netdev");
        assertThat(get("Bridge", "br-int", "fail_mode")).isEqualTo("secure");
        assertThat(get("Bridge", "br-int", "protocols")).isEqualTo("[OpenFlow13]");
        assertThat(get("Bridge", "br-int", "other_config")).isEqualTo("{disable-in-band=\"true\"}");
        assertThat(bed.vsctl("get-controller", "br-int")).isEqualTo(TARGET);
        assertThat(get("Bridge", "br-int", "ports")).isEqualTo("[" + get("Port", "br-int", "_uuid") + "]");
        assertThat(get("Port", "br-int", "interfaces")).isEqualTo("[" + get("Interface", "br-int", "_uuid") + "]");
        assertThat(get("Interface", "br-int", "type")).isEqualTo("internal");
        // Attached with a mutation: the bridge that was there stays.
        assertThat(bed.vsctl("list-br").lines()).containsExactly("br-int", "br-other");
    }

    @Test
    void ensuringTwiceChangesNothing() throws Exception {
        ensure();
        String before = bed.vsctl("list", "Bridge", "br-int") + bed.vsctl("list", "Controller");

        assertThat(ensure()).isEqualTo(Outcome.UNCHANGED);

        assertThat(bed.vsctl("list", "Bridge", "br-int") + bed.vsctl("list", "Controller")).isEqualTo(before);
    }

    @Test
    void repairsWrongColumnsInPlace() throws Exception {
        ensure();
        String uuid = get("Bridge", "br-int", "_uuid");
        String controller = get("Bridge", "br-int", "controller");
        bed.vsctl("set", "Bridge", "br-int", "fail_mode=standalone", "datapath_type=system",
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
        bed.vsctl("set-controller", "br-int", "tcp:127.0.0.1:9999");
        List<JsonNode> controllerSets = new CopyOnWriteArrayList<>();
        client.monitor(VswitchSchema.DB, "controllers", Map.of(VswitchSchema.BRIDGE, List.of("name", "controller")),
                updates -> updates.stream().filter(update -> !update.isDelete())
                        .forEach(update -> controllerSets.add(update.newRow().get("controller"))))
                .get(5, TimeUnit.SECONDS);
        try {
            assertThat(ensure()).isEqualTo(Outcome.REPAIRED);

            assertThat(bed.vsctl("get-controller", "br-int")).isEqualTo(TARGET);
            assertThat(get("Bridge", "br-int", "_uuid")).isEqualTo(uuid);
            Await.until(TIMEOUT, "the controller update", () -> controllerSets.size() == 2);
            // Initial contents, then one change from one controller to another: never none in between.
            assertThat(controllerSets).allSatisfy(set -> assertThat(set.get(0).asText()).isEqualTo("uuid"));
        } finally {
            client.monitorCancel("controllers").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void givesABridgeWithoutControllerItsController() throws Exception {
        ensure();
        bed.vsctl("del-controller", "br-int");

        assertThat(ensure()).isEqualTo(Outcome.REPAIRED);

        assertThat(bed.vsctl("get-controller", "br-int")).isEqualTo(TARGET);
    }

    @Test
    void recreatesADeletedBridge() throws Exception {
        ensure();
        String uuid = get("Bridge", "br-int", "_uuid");
        bed.vsctl("del-br", "br-int");

        assertThat(ensure()).isEqualTo(Outcome.CREATED);

        assertThat(get("Bridge", "br-int", "_uuid")).isNotEqualTo(uuid);
    }

    @Test
    void aRepairPlannedBeforeAConcurrentChangeIsRefused() throws Exception {
        ensure();
        bed.vsctl("set", "Bridge", "br-int", "fail_mode=standalone");
        BridgePlanner.Plan stale = new BridgePlanner(bridge.spec()).plan(readState());
        bed.vsctl("set", "Bridge", "br-int", "protocols=OpenFlow10");

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
        bed.vsctl("add-br", "br-int");

        assertRefusedByItsWait(stale);
        assertThat(ensure()).isEqualTo(Outcome.REPAIRED);
    }

    private BridgeState readState() throws Exception {
        return BridgeState.parse(client.transact(VswitchSchema.DB, BridgeState.readOps("br-int")).get(5, TimeUnit.SECONDS));
    }

    private void assertRefusedByItsWait(BridgePlanner.Plan stale) {
        assertThat(client.transact(VswitchSchema.DB, stale.ops())).failsWithin(TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(OvsdbTransactionException.class, e -> {
                    assertThat(e.error()).isEqualTo("timed out");
                    assertThat(e.failedOp()).hasValueSatisfying(op -> assertThat(op.get("op").asText()).isEqualTo("wait"));
                });
    }
}
