package io.sluice.models.tenant;

import static io.sluice.models.tenant.TenantFixtures.NETWORK;
import static io.sluice.models.tenant.TenantFixtures.OTHER_NETWORK;
import static io.sluice.models.tenant.TenantFixtures.OTHER_SUBNET;
import static io.sluice.models.tenant.TenantFixtures.PORT;
import static io.sluice.models.tenant.TenantFixtures.PROJECT;
import static io.sluice.models.tenant.TenantFixtures.SUBNET;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantModelTest {
    @Test
    void indexesByIdAndSelectsPerNetwork() {
        Network network = new Network(NETWORK, PROJECT, "n", true, false, false, NetworkType.VXLAN, 5, null, 1450, 1);
        Subnet mine = TenantFixtures.subnet(SUBNET, NETWORK, "10.0.0.0/24", null, List.of());
        Subnet theirs = TenantFixtures.subnet(OTHER_SUBNET, OTHER_NETWORK, "10.0.0.0/24", null, List.of());
        Port port = new Port(PORT, PROJECT, NETWORK, "p", "fa:16:3e:00:00:01", null, null, null, true, true, null,
                null, null, 1);
        TenantModel model = TenantModel.of(7, List.of(network), List.of(mine, theirs), List.of(port));

        assertThat(model.networks()).containsOnlyKeys(NETWORK);
        assertThat(model.subnetsOf(NETWORK)).containsExactly(mine);
        assertThat(model.portsOf(NETWORK)).containsExactly(port);
        assertThat(model.portsOf(OTHER_NETWORK)).isEmpty();
        assertThat(TenantModel.EMPTY.ports()).isEmpty();
    }
}
