package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static io.sluice.northbound.neutron.NeutronFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuotaApiTest {
    private final NeutronFixture api;

    QuotaApiTest() throws Exception {
        api = new NeutronFixture();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aProjectSeesItsDefaultsAndUsage() {
        NeutronFixture.Response quota = api.get(ALICE, "/v2.0/quotas/alpha");
        assertThat(quota.status()).isEqualTo(200);
        assertThat(quota.at("/quota/network").asInt()).isEqualTo(100);
        assertThat(quota.at("/quota/subnet").asInt()).isEqualTo(100);
        assertThat(quota.at("/quota/port").asInt()).isEqualTo(500);
        assertThat(quota.at("/quota/router").asInt()).isEqualTo(10);
        assertThat(quota.at("/quota/floatingip").asInt()).isEqualTo(50);
        api.network(ALICE, "n");
        NeutronFixture.Response details = api.get(ALICE, "/v2.0/quotas/alpha/details.json");
        assertThat(details.at("/quota/network/used").asInt()).isEqualTo(1);
        assertThat(details.at("/quota/network/limit").asInt()).isEqualTo(100);
        assertThat(details.at("/quota/network/reserved").asInt()).isZero();
        assertThat(api.get(ALICE, "/v2.0/quotas/alpha/default").at("/quota/port").asInt()).isEqualTo(500);
        assertThat(api.get(ALICE, "/v2.0/quotas/beta").status()).isEqualTo(403);
        assertThat(api.get(ALICE, "/v2.0/quotas").status()).isEqualTo(403);
    }

    @Test
    void limitsAreEnforcedWithOverQuota() {
        NeutronFixture.Response set = api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"network\": 1, "
                + "\"port\": 1}}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.at("/quota/network").asInt()).isEqualTo(1);
        assertThat(set.at("/quota/subnet").asInt()).isEqualTo(100);
        String network = api.network(ALICE, "only");
        String before = api.storeDump();
        NeutronFixture.Response over = api.post(ALICE, "/v2.0/networks", "{\"network\": {}}");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.errorType()).isEqualTo("OverQuota");
        assertThat(over.at("/NeutronError/message").asText()).isEqualTo("Quota exceeded for resources: ['network'].");
        assertThat(api.storeDump()).isEqualTo(before);
        api.port(ALICE, network);
        assertThat(api.post(ALICE, "/v2.0/ports", "{\"port\": {\"network_id\": \"" + network + "\"}}").errorType())
                .isEqualTo("OverQuota");
        // Another project is not limited by alpha's quota.
        api.network(BOB, "b1");
        api.network(BOB, "b2");
        assertThat(api.get(ADMIN, "/v2.0/quotas").at("/quotas/0/project_id").asText()).isEqualTo("alpha");
        assertThat(api.delete(ADMIN, "/v2.0/quotas/alpha").status()).isEqualTo(204);
        assertThat(api.get(ALICE, "/v2.0/quotas/alpha").at("/quota/network").asInt()).isEqualTo(100);
        api.network(ALICE, "second");
    }

    @Test
    void unlimitedAndInvalidLimits() {
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"network\": -1}}").at("/quota/network")
                .asInt()).isEqualTo(-1);
        String before = api.storeDump();
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"network\": -2}}").status()).isEqualTo(400);
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"widgets\": 3}}").status()).isEqualTo(400);
        assertThat(api.put(ADMIN, "/v2.0/quotas/alpha", "{\"quota\": {\"network\": \"many\"}}").status())
                .isEqualTo(400);
        assertThat(api.put(ALICE, "/v2.0/quotas/alpha", "{\"quota\": {\"network\": 1000}}").status()).isEqualTo(403);
        assertThat(api.storeDump()).isEqualTo(before);
    }
}
