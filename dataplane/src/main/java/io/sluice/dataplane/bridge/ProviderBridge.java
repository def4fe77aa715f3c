package io.sluice.dataplane.bridge;

import static io.sluice.dataplane.ovsdb.VswitchSchema.BRIDGE;
import static io.sluice.dataplane.ovsdb.VswitchSchema.DB;
import static io.sluice.dataplane.ovsdb.VswitchSchema.ROOT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.dataplane.ovsdb.Atoms;
import io.sluice.dataplane.ovsdb.Ops;
import io.sluice.dataplane.ovsdb.OvsdbClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical network's bridge (Neutron's bridge_mappings, e.g. physnet1:br-ex): the operator's, holding the
 * uplink NIC the operator adds. The agent creates it when it is missing and otherwise leaves it as it is.
 *
 * <p>It is created in fail mode {@value #FAIL_MODE} with no controller: a plain learning switch (OVS's NORMAL)
 * between the uplink and br-int's patch port. VLAN tags are pushed and popped on br-int by the controller's
 * flows, so this bridge needs no flows of its own, and the physical network keeps switching whether or not the
 * agent or the controller runs (a secure bridge without its controller would drop everything). It gets
 * br-int's datapath type: a patch port joins only bridges of one datapath.
 */
public final class ProviderBridge {
    public static final String FAIL_MODE = "standalone";
    /** {@code int-} + the bridge name must fit an interface name (15 characters). */
    public static final int MAX_NAME_LENGTH = 11;

    private static final Logger log = LoggerFactory.getLogger(ProviderBridge.class);
    private static final String BRIDGE_ROW = "provider_bridge";

    private final OvsdbClient ovsdb;
    private final String name;
    private final String datapathType;

    public ProviderBridge(OvsdbClient ovsdb, String name, String datapathType) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a mapped bridge's name must be 1.." + MAX_NAME_LENGTH
                    + " characters (its patch port int-NAME must fit 15): " + name);
        }
        this.ovsdb = ovsdb;
        this.name = name;
        this.datapathType = datapathType;
    }

    /** The patch port's name on br-int. */
    public static String integrationPatch(String bridgeName) {
        return "int-" + bridgeName;
    }

    /** The patch port's name on the physical bridge. */
    public static String physicalPatch(String bridgeName) {
        return "phy-" + bridgeName;
    }

    /** Creates the bridge if it is missing; completes with true if it was there already. */
    public CompletableFuture<Boolean> ensure() {
        return GuardedWrite.retrying(name, this::attempt);
    }

    private CompletableFuture<Boolean> attempt() {
        List<ObjectNode> read = List.of(Ops.select(ROOT, Ops.where(), List.of("_uuid")),
                Ops.select(BRIDGE, Ops.where(Ops.eq("name", name)), List.of("datapath_type")));
        return ovsdb.transact(DB, read).thenCompose(results -> {
            JsonNode bridges = results.get(1).get("rows");
            if (!bridges.isEmpty()) {
                String actual = bridges.get(0).get("datapath_type").asText();
                if (!actual.equals(datapathType) && !(actual.isEmpty() && datapathType.equals("system"))) {
                    log.warn("{} has datapath_type '{}', br-int '{}': the patch between them will not pass "
                            + "packets until the operator aligns them", name, actual, datapathType);
                }
                return CompletableFuture.completedFuture(true);
            }
            JsonNode roots = results.get(0).get("rows");
            if (roots.isEmpty()) {
                throw new IllegalStateException("the Open_vSwitch table has no row: run 'ovs-vsctl --no-wait init'");
            }
            return ovsdb.transact(DB, create(Atoms.uuidOf(roots.get(0).get("_uuid")))).thenApply(ignored -> {
                log.info("created {} (datapath_type {}, fail_mode {})", name, datapathType, FAIL_MODE);
                return false;
            });
        });
    }

    private List<ObjectNode> create(String rootUuid) {
        List<ObjectNode> ops = new ArrayList<>();
        // Fails with "timed out" if the bridge appeared since the read: read again.
        ops.add(Ops.waitUntilEqual(BRIDGE, Ops.where(Ops.eq("name", name)), List.of("name"), List.of()));
        JsonNode port = BridgePlanner.insertInternalPort(name, ops);
        ObjectNode bridge = Ops.row().put("name", name).put("datapath_type", datapathType).put("fail_mode", FAIL_MODE);
        bridge.set("ports", Atoms.set(port));
        ops.add(Ops.insert(BRIDGE, bridge, BRIDGE_ROW));
        ops.add(Ops.mutate(ROOT, Ops.where(Ops.eq("_uuid", Atoms.uuid(rootUuid))),
                List.of(Ops.mutation("bridges", "insert", Atoms.set(Atoms.namedUuid(BRIDGE_ROW))))));
        return ops;
    }
}
