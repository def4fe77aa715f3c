package io.sluice.controller.agents;

import io.sluice.controller.binding.PortPlacement;
import io.sluice.models.agent.PortReport;
import io.sluice.models.tenant.TenantModel;
import java.util.Map;

/** The report of each usable port the controller forwards by when no binding picks one: the latest. */
final class UsablePorts {
    private UsablePorts() {
    }

    static Map<String, PortReport> of(AgentRegistry registry) {
        return PortPlacement.of(registry.usablePortsEverywhere(), TenantModel.EMPTY).active();
    }
}
