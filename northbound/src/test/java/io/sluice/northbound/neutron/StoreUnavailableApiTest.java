package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreUnavailableApiTest {
    @Test
    void writesAnswer503WhenTheStoreCannotCommitAndReadsGoOn() throws Exception {
        try (NeutronFixture api = new NeutronFixture()) {
            String network = api.network(ALICE, "n");
            String listed = api.get(ALICE, "/v2.0/networks").text();
            api.store.close();
            NeutronFixture.Response create = api.post(ALICE, "/v2.0/networks", "{\"network\": {}}");
            assertThat(create.status()).isEqualTo(503);
            assertThat(create.errorType()).isEqualTo("ServiceUnavailable");
            NeutronFixture.Response delete = api.delete(ALICE, "/v2.0/networks/" + network);
            assertThat(delete.status()).isEqualTo(503);
            assertThat(api.get(ALICE, "/v2.0/networks").text()).isEqualTo(listed);
        }
    }
}
