package io.sluice.northbound.viewer;

import io.sluice.controller.pipeline.FlowCookie;
import io.sluice.controller.pipeline.FlowSpec;
import io.sluice.controller.pipeline.MatchText;
import io.sluice.controller.pipeline.Owner;
import io.sluice.controller.pipeline.Table;
import io.sluice.controller.reconcile.SwitchState;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;

/**
 * The flows Sluice owns for one port on one switch: those of the switch's desired state whose cookie carries
 * the port's tag (classification, port security, ARP, DHCP, unicast, VRF routes, MPLS receive, migration), as
 * the reconciler keeps them installed. Pure: a function of the desired state.
 */
final class PortFlows {
    private static final Pattern GOTO = Pattern.compile("GotoTable\\(tableId=0x([0-9a-f]+)\\)");
    private PortFlows() {
    }

    static List<Map<String, Object>> of(String portId, SwitchState desired) {
        long tag = FlowCookie.of(Owner.CLASSIFY, UUID.fromString(portId)).objectTag();
        return desired.flows().values().stream()
                .filter(flow -> FlowCookie.parse(flow.cookie()).filter(c -> c.objectTag() == tag).isPresent())
                .sorted(Comparator.comparingInt(FlowSpec::tableId).thenComparing(FlowSpec::priority,
                        Comparator.reverseOrder()))
                .map(PortFlows::describe).toList();
    }

    private static Map<String, Object> describe(FlowSpec flow) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("table", Table.describe(flow.tableId()));
        view.put("priority", flow.priority());
        view.put("owner", FlowCookie.parse(flow.cookie()).map(c -> c.owner().name().toLowerCase(Locale.ROOT))
                .orElse(""));
        view.put("cookie", "0x" + Long.toHexString(flow.cookie().getValue()));
        view.put("match", MatchText.of(flow.match()));
        view.put("instructions", flow.instructions().stream().map(PortFlows::text).toList());
        return view;
    }

    /**
     * OpenFlowJ's text of an instruction without its class-name noise ("OFActionOutputVer13(" becomes "Output(")
     * and with the pipeline's names for the tables it goes to.
     */
    static String text(OFInstruction instruction) {
        String text = instruction.toString().replaceAll("OF(Action|Instruction|Oxm)(Nicira)?", "")
                .replace("Ver13", "");
        return GOTO.matcher(text).replaceAll(m -> "GotoTable(" + Table.describe(Integer.parseInt(m.group(1), 16)) + ")");
    }
}
