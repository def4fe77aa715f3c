package io.sluice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransactionTest {
    @Test
    void keepsWritesAndPreconditionsInOrder() {
        Transaction tx = Transaction.builder()
                .put("network", "n", new byte[] {1}).expectAbsent("network", "n")
                .delete("port", "p").expectRevision("port", "p", 7).build();

        assertThat(tx.writes()).extracting(Transaction.Write::id).containsExactly("n", "p");
        assertThat(tx.writes().get(1).isDelete()).isTrue();
        assertThat(tx.preconditions()).containsExactly(
                new Transaction.Precondition("network", "n", 0), new Transaction.Precondition("port", "p", 7));
    }

    @Test
    void refusesAKeyWrittenTwiceOrConditionedTwice() {
        assertThatThrownBy(() -> Transaction.builder().put("k", "1", new byte[0]).delete("k", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k/1");
        assertThatThrownBy(() -> Transaction.builder().expectAbsent("k", "1").expectRevision("k", "1", 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedKeysAndValues() {
        assertThatThrownBy(() -> Transaction.builder().put("k", "1", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transaction.builder().delete("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transaction.builder().delete("a\u0000b", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transaction.builder().delete("k", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transaction.builder().expectRevision("k", "1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectAbsent");
    }
}
