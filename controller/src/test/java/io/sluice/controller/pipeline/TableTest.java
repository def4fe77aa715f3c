package io.sluice.controller.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableTest {
    private static final Table[] TABLES = Table.values();

    @Test
    void idsStrictlyAscendInDeclarationOrderFromTableZero() {
        // OVS starts every packet in table 0: the first stage must be there.
        assertThat(TABLES[0].id()).isZero();
        for (int i = 1; i < TABLES.length; i++) {
            assertThat(TABLES[i].id()).as("%s after %s", TABLES[i], TABLES[i - 1])
                    .isGreaterThan(TABLES[i - 1].id());
        }
        assertThat(TABLES[TABLES.length - 1].id()).as("OpenFlow table ids end at 254").isLessThanOrEqualTo(254);
    }

    @Test
    void everyTableMayGoToLaterTablesOnly() {
        for (Table table : TABLES) {
            assertThat(table.allowedGotos()).as("gotos of %s", table)
                    .doesNotContain(table)
                    .allSatisfy(target -> assertThat(target.id()).isGreaterThan(table.id()));
        }
        assertThat(TABLES[TABLES.length - 1].allowedGotos()).isEmpty();
        assertThat(TABLES[0].allowedGotos()).containsExactlyInAnyOrder(Arrays.copyOfRange(TABLES, 1, TABLES.length));
    }

    @Test
    void everyTableThatMissesToTheNextStageHasOneItMayGoTo() {
        for (Table table : TABLES) {
            if (table.miss() == Table.Miss.NEXT) {
                assertThat(table.next()).as("next stage of %s", table).isPresent();
                assertThat(table.allowedGotos()).contains(table.next().orElseThrow());
            }
        }
        assertThat(TABLES[TABLES.length - 1].next()).isEmpty();
    }

    @Test
    void nextIsTheFollowingDeclaration() {
        for (int i = 0; i + 1 < TABLES.length; i++) {
            assertThat(TABLES[i].next()).contains(TABLES[i + 1]);
        }
    }

    @Test
    void byIdAndDescribeRoundTrip() {
        for (Table table : TABLES) {
            assertThat(Table.byId(table.id())).contains(table);
            assertThat(Table.describe(table.id())).isEqualTo(table.name());
        }
    }

    @Test
    void foreignTableIdsAreDescribedByNumber() {
        int unused = TABLES[0].id() + 1;
        assertThat(Table.byId(unused)).isEqualTo(Optional.empty());
        assertThat(Table.describe(unused)).isEqualTo("table " + unused);
        assertThat(Table.describe(200)).isEqualTo("table 200");
    }
}
