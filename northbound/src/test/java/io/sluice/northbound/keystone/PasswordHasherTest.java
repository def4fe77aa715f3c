package io.sluice.northbound.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private final PasswordHasher hasher = TestIdentity.fastHasher();

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("s3cret");

        assertThat(hasher.verify("s3cret", hash)).isTrue();
        assertThat(hasher.verify("s3cret ", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
        assertThat(hasher.verify("", hasher.hash(""))).isTrue();
    }

    @Test
    void eachHashHasItsOwnSaltAndNeverTheClearText() {
        String first = hasher.hash("s3cret");

        assertThat(first).isNotEqualTo(hasher.hash("s3cret")).doesNotContain("s3cret")
                .matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void theDefaultIsTheRecommendedIterationCountAndOldHashesKeepVerifying() {
        PasswordHasher production = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS, new SecureRandom());
        String hash = production.hash("s3cret");

        assertThat(hash).startsWith("pbkdf2-sha256$600000$");
        assertThat(hasher.verify("s3cret", hash)).as("iterations travel with the hash").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cret", "", "pbkdf2-sha256$1000$c2FsdA", "sha256$1000$c2FsdA$aGFzaA",
            "pbkdf2-sha256$0$c2FsdA$aGFzaA", "pbkdf2-sha256$many$c2FsdA$aGFzaA", "pbkdf2-sha256$1000$!!$aGFzaA"})
    void malformedHashesAreRejected(String encoded) {
        assertThatThrownBy(() -> PasswordHasher.requireWellFormed(encoded, "user x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("user x: ");
    }
}
