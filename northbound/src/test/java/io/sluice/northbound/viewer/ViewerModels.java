package io.sluice.northbound.viewer;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.NetworkType;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortBinding;
import io.sluice.models.tenant.Router;
import io.sluice.models.tenant.TenantModel;
import io.sluice.northbound.keystone.AuthContext;
import io.sluice.northbound.neutron.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small cloud for the viewer's tests: Lab's red and blue networks (projects red and blue), the admin's
 * external network, red-a bound to hv1 and blue-b to hv2, and red's router on net1.
 */
final class ViewerModels {
    static final Network PUBLIC = new Network(Lab.id(3), "admin", "public", true, false, true, NetworkType.FLAT, null,
            "physnet1", 1500, 1);
    static final Port RED_A = bound(Lab.RED_A, "hv1");
    static final Port BLUE_B = bound(Lab.BLUE_B, "hv2");
    static final Router RED_ROUTER = new Router(Lab.id(301), "red", "red-router", "", true, null, List.of(), 1);
    static final TenantModel MODEL = new TenantModel(7,
            Map.of(Lab.RED.id(), Lab.RED, Lab.BLUE.id(), Lab.BLUE, PUBLIC.id(), PUBLIC),
            Map.of(Lab.RED_SUBNET.id(), Lab.RED_SUBNET, Lab.BLUE_SUBNET.id(), Lab.BLUE_SUBNET),
            Map.of(RED_A.id(), RED_A, BLUE_B.id(), BLUE_B), Map.of(RED_ROUTER.id(), RED_ROUTER), Map.of(), Map.of(),
            Map.of(RED_ROUTER.id(), "net1"));
    static final Map<String, String> PROJECTS = Map.of("red", "red", "blue", "blue", "admin", "admin");

    private ViewerModels() {
    }

    static Port bound(Port port, String host) {
        return new Port(port.id(), port.projectId(), port.networkId(), port.name(), port.macAddress(), port.fixedIps(),
                port.deviceId(), port.deviceOwner(), port.adminStateUp(), port.portSecurityEnabled(),
                port.allowedAddressPairs(), new PortBinding(host, Map.of()), port.status(), port.revision());
    }

    static Policy member(String project) {
        return new Policy(new AuthContext("u-" + project, project + "-user", project, project, Set.of("member")));
    }

    static Policy admin() {
        return new Policy(new AuthContext("u-admin", "admin", "admin", "admin", Set.of("admin", "member")));
    }

    static TenantModel withPorts(TenantModel model, Port... ports) {
        Map<String, Port> all = new HashMap<>(model.ports());
        for (Port port : ports) {
            all.put(port.id(), port);
        }
        return model.withPorts(model.revision() + 1, all);
    }
}
