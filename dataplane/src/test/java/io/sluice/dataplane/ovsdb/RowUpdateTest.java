package io.sluice.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowUpdateTest {
    @Test
    void parsesInsertsModificationsAndDeletes() throws Exception {
        List<RowUpdate> updates = RowUpdate.parse(new ObjectMapper().readTree("""
                {"Bridge":{"u1":{"new":{"name":"br-int","fail_mode":"secure"}},
                           "u2":{"old":{"fail_mode":"standalone"},"new":{"name":"br-ex","fail_mode":"secure"}}},
                 "Port":{"u3":{"old":{"name":"p1"}}}}"""));

        assertThat(updates).extracting(RowUpdate::table, RowUpdate::uuid, RowUpdate::isDelete)
                .containsExactly(
                        tuple("Bridge", "u1", false),
                        tuple("Bridge", "u2", false),
                        tuple("Port", "u3", true));
        assertThat(updates.get(1).column("name").asText()).isEqualTo("br-ex");
        assertThat(updates.get(2).column("name").asText()).isEqualTo("p1");
        assertThat(updates.get(0).column("ports")).isNull();
    }
}
