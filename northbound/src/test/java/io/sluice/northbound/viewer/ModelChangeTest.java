package io.sluice.northbound.viewer;

import static io.sluice.northbound.viewer.ViewerModels.MODEL;
import static io.sluice.northbound.viewer.ViewerModels.RED_A;
import static io.sluice.northbound.viewer.ViewerModels.admin;
import static io.sluice.northbound.viewer.ViewerModels.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.controller.compile.l2.Lab;
import io.sluice.models.tenant.Network;
import io.sluice.models.tenant.Port;
import io.sluice.models.tenant.PortStatus;
import io.sluice.models.tenant.TenantModel;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelChangeTest {
    @Test
    void aPortChangeIsToldToItsProjectAndTheAdminOnly() {
        TenantModel after = ViewerModels.withPorts(MODEL, ViewerModels.bound(Lab.RED_B, "hv2"));
        ModelChange change = new ModelChange(MODEL, after);

        assertThat(change.visibleTo(member("red"))).containsExactly("ports");
        assertThat(change.visibleTo(admin())).containsExactly("ports");
        assertThat(change.visibleTo(member("blue"))).isEmpty();
        assertThat(change.revision()).isEqualTo(after.revision());
    }

    @Test
    void aDeletionIsToldToThoseWhoSawTheResource() {
        Map<String, Port> ports = new HashMap<>(MODEL.ports());
        ports.remove(RED_A.id());
        ModelChange change = new ModelChange(MODEL, MODEL.withPorts(MODEL.revision() + 1, ports));

        assertThat(change.visibleTo(member("red"))).containsExactly("ports");
        assertThat(change.visibleTo(member("blue"))).isEmpty();
    }

    @Test
    void aStatusChangeCounts() {
        Port active = new Port(RED_A.id(), RED_A.projectId(), RED_A.networkId(), RED_A.name(),
                RED_A.macAddress(), RED_A.fixedIps(), RED_A.deviceId(), RED_A.deviceOwner(), true, true, RED_A.allowedAddressPairs(),
                RED_A.binding(), PortStatus.ACTIVE, RED_A.revision() + 1);
        assertThat(new ModelChange(MODEL, ViewerModels.withPorts(MODEL, active)).visibleTo(member("red")))
                .containsExactly("ports");
    }

    @Test
    void aChangeOfTheExternalNetworkIsToldToEveryone() {
        Network renamed = new Network(ViewerModels.PUBLIC.id(), "admin", "internet", true, false, true,
                ViewerModels.PUBLIC.type(), null, "physnet1", 1500, 2);
        Map<String, Network> networks = new HashMap<>(MODEL.networks());
        networks.put(renamed.id(), renamed);
        TenantModel after = new TenantModel(MODEL.revision() + 1, networks, MODEL.subnets(), MODEL.ports(),
                MODEL.routers(), MODEL.floatingIps(), MODEL.portForwardings(), MODEL.routerHosts());
        ModelChange change = new ModelChange(MODEL, after);

        assertThat(change.visibleTo(member("blue"))).containsExactly("networks");
        assertThat(change.visibleTo(member("red"))).containsExactly("networks");
    }

    @Test
    void aRouterMovedToAnotherHostIsToldToItsProjectAndTheAdmin() {
        TenantModel after = new TenantModel(MODEL.revision() + 1, MODEL.networks(), MODEL.subnets(), MODEL.ports(),
                MODEL.routers(), MODEL.floatingIps(), MODEL.portForwardings(),
                Map.of(ViewerModels.RED_ROUTER.id(), "net2"));

        assertThat(new ModelChange(MODEL, after).visibleTo(admin())).containsExactly("routers");
        assertThat(new ModelChange(MODEL, after).visibleTo(member("red"))).containsExactly("routers");
        assertThat(new ModelChange(MODEL, after).visibleTo(member("blue"))).isEmpty();
        assertThat(new ModelChange(MODEL, MODEL).visibleTo(admin())).isEmpty();
    }
}
