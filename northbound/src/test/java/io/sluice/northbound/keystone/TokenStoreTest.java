package io.sluice.northbound.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenStoreTest {
    private static final Duration TTL = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-02T03:04:05.123456789Z"));
    private final Scope scope = new Scope(new AuthContext("u", "user", "p", "project", Set.of("member")),
            Domain.DEFAULT, Domain.DEFAULT);

    @Test
    void tokensAreRandomUrlSafeAndLiveForTheirLifetime() {
        TokenStore store = new TokenStore(clock, TTL, 10, new SecureRandom());
        Token token = store.issue(scope);

        assertThat(token.id()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(store.issue(scope).id());
        assertThat(token.issuedAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05.123456Z"));
        assertThat(token.expiresAt()).isEqualTo(token.issuedAt().plus(TTL));
        assertThat(token.toString()).doesNotContain(token.id());
        clock.advance(TTL.minusNanos(1_000));
        assertThat(store.find(token.id())).contains(token);
        clock.advance(Duration.ofNanos(1_000));
        assertThat(store.find(token.id())).isEmpty();
    }

    @Test
    void expiredTokensArePurgedAsNewOnesAreIssued() {
        TokenStore store = new TokenStore(clock, TTL, 10, new SecureRandom());
        store.issue(scope);
        store.issue(scope);
        clock.advance(TTL);

        Token fresh = store.issue(scope);

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.find(fresh.id())).isPresent();
    }

    @Test
    void aFullStoreDropsTheOldestToken() {
        TokenStore store = new TokenStore(clock, TTL, 3, new SecureRandom());
        Token oldest = store.issue(scope);
        Token second = store.issue(scope);
        store.issue(scope);

        Token newest = store.issue(scope);

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find(oldest.id())).isEmpty();
        assertThat(store.find(second.id())).isPresent();
        assertThat(store.find(newest.id())).isPresent();
    }

    @Test
    void revokedTokensAreGone() {
        TokenStore store = new TokenStore(clock, TTL, 3, new SecureRandom());
        Token token = store.issue(scope);

        store.revoke(token.id());

        assertThat(store.find(token.id())).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void theLifetimeMustBePositive() {
        assertThatThrownBy(() -> new TokenStore(clock, Duration.ZERO, 3, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
