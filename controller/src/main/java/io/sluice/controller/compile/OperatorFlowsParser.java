package io.sluice.controller.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowKey;
import io.sluice.controller.pipeline.MatchPrerequisites;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.GroupSpec;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Priority;
import io.sluice.controller.pipeline.Table;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Reads the operator flows file:
 * <pre>
 * {"flows":  [{"switch": "hv1", "table": "CLASSIFY", "priority": 1000,
 *              "match": {"in_port": "1"}, "actions": ["output:2"], "goto": "L2_FORWARD"}],
 *  "groups": [{"switch": "hv1", "group_id": 1, "type": "all", "buckets": [["output:1"], ["output:2"]]}]}
 * </pre>
 * Tables are named, never numbered. Any error names the element at fault and nothing of the file is used.
 */
public final class OperatorFlowsParser {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private final ObjectMapper json = new ObjectMapper();

    public OperatorFlows parse(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the file must hold one JSON object");
        }
        List<OperatorFlows.Flow> flows = new ArrayList<>();
        JsonNode flowNodes = array(root.path("flows"), "flows");
        for (int i = 0; i < flowNodes.size(); i++) {
            flows.add(flow(flowNodes.get(i), "flows[" + i + "]"));
        }
        List<OperatorFlows.Group> groups = new ArrayList<>();
        JsonNode groupNodes = array(root.path("groups"), "groups");
        for (int i = 0; i < groupNodes.size(); i++) {
            groups.add(group(groupNodes.get(i), "groups[" + i + "]"));
        }
        return new OperatorFlows(flows, groups);
    }

    private OperatorFlows.Flow flow(JsonNode node, String where) {
        String switchName = requiredText(node, "switch", where);
        Table table = table(requiredText(node, "table", where), where + ".table");
        int priority = priority(node.path("priority"), where + ".priority");
        Match match = match(node.path("match"), where + ".match");
        List<OFInstruction> instructions = new ArrayList<>();
        List<OFAction> actions = actions(node.path("actions"), where + ".actions");
        if (!actions.isEmpty()) {
            instructions.add(OF13.instructions().applyActions(actions));
        }
        if (node.hasNonNull("goto")) {
            Table next = table(node.get("goto").asText(), where + ".goto");
            if (!table.allowedGotos().contains(next)) {
                throw new IllegalArgumentException(where + ".goto: " + table + " may not go to " + next);
            }
            instructions.add(OF13.instructions().gotoTable(TableId.of(next.id())));
        }
        // The cookie's tag comes from what identifies the flow, not its place in the file: reordering the
        // file must not rewrite flows (and reset their counters).
        FlowKey key = new FlowKey(table.id(), priority, match);
        FlowSpec spec = new FlowSpec(table.id(), priority, match, instructions,
                FlowCookie.of(Owner.OPERATOR, switchName + " " + key).toU64(), 0, 0);
        return new OperatorFlows.Flow(switchName, spec);
    }

    private OperatorFlows.Group group(JsonNode node, String where) {
        String switchName = requiredText(node, "switch", where);
        long id = node.path("group_id").asLong(-1);
        OFGroupType type = switch (node.path("type").asText("all").toLowerCase(Locale.ROOT)) {
            case "all" -> OFGroupType.ALL;
            case "select" -> OFGroupType.SELECT;
            case "indirect" -> OFGroupType.INDIRECT;
            case "ff", "fast_failover" -> OFGroupType.FF;
            default -> throw new IllegalArgumentException(where + ".type: unknown group type " + node.path("type"));
        };
        List<OFBucket> buckets = new ArrayList<>();
        JsonNode bucketNodes = array(node.path("buckets"), where + ".buckets");
        for (int i = 0; i < bucketNodes.size(); i++) {
            buckets.add(OF13.buildBucket().setActions(actions(bucketNodes.get(i), where + ".buckets[" + i + "]"))
                    .setWatchGroup(OFGroup.ANY).setWatchPort(OFPort.ANY)
                    .setWeight(type == OFGroupType.SELECT ? 1 : 0).build());
        }
        try {
            return new OperatorFlows.Group(switchName, new GroupSpec(id, type, buckets));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static Match match(JsonNode node, String where) {
        if (!node.isMissingNode() && !node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object of field: value");
        }
        Match.Builder builder = OF13.buildMatch();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            try {
                MatchFieldText.set(builder, field.getKey(), field.getValue().asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + field.getKey() + ": " + e.getMessage());
            }
        }
        Match match = builder.build();
        MatchPrerequisites.missing(match).ifPresent(missing -> {
            throw new IllegalArgumentException(where + ": " + missing);
        });
        return match;
    }

    private static List<OFAction> actions(JsonNode node, String where) {
        array(node, where);
        List<OFAction> actions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            try {
                actions.add(ActionText.parse(node.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "[" + i + "]: " + e.getMessage());
            }
        }
        return actions;
    }

    /**
     * An absent element is an empty list; any other non-array is an error, never read as empty (a string
     * where actions belong would otherwise make a dropping flow, and one where flows belong no flows).
     */
    private static JsonNode array(JsonNode node, String where) {
        if (!node.isMissingNode() && !node.isArray()) {
            throw new IllegalArgumentException(where + " must be an array");
        }
        return node;
    }

    private static int priority(JsonNode node, String where) {
        if (node.isMissingNode()) {
            return Priority.OPERATOR.value();
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 0xFFFF) {
            throw new IllegalArgumentException(where + " must be an integer 0..65535, got " + node);
        }
        return node.asInt();
    }

    private static Table table(String name, String where) {
        try {
            return Table.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown table " + name + "; tables are "
                    + List.of(Table.values()));
        }
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + " is required");
        }
        return value.asText();
    }
}
