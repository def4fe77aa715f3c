package io.sluice.northbound.keystone;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Issued tokens, in memory only: a controller restart invalidates every token, and clients (keystoneauth)
 * re-authenticate when they get 401. The map is bounded: expired tokens are purged as new ones are issued,
 * and when it is full of live tokens the oldest is dropped, which costs its holder one re-authentication.
 */
final class TokenStore {
    private static final int TOKEN_BYTES = 32;
    private static final int AUDIT_ID_BYTES = 16;

    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random;
    private final Map<String, Token> tokens;

    TokenStore(Clock clock, Duration ttl, int capacity, SecureRandom random) {
        if (ttl.isNegative() || ttl.isZero() || capacity < 1) {
            throw new IllegalArgumentException("lifetime and capacity must be positive: " + ttl + ", " + capacity);
        }
        this.clock = clock;
        this.ttl = ttl;
        this.random = random;
        // Insertion order is expiry order (one lifetime for all), so purging and eviction work from the head.
        this.tokens = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Token issue(Scope scope) {
        // Keystone's timestamps carry microseconds; truncating here keeps every rendering of a token identical.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        purgeExpired(now);
        Token token = new Token(randomId(TOKEN_BYTES), scope, now, now.plus(ttl), randomId(AUDIT_ID_BYTES));
        tokens.put(token.id(), token);
        return token;
    }

    /** The token if it is known and not expired. */
    synchronized Optional<Token> find(String id) {
        Token token = id == null ? null : tokens.get(id);
        if (token == null) {
            return Optional.empty();
        }
        if (token.expiredAt(clock.instant())) {
            tokens.remove(id);
            return Optional.empty();
        }
        return Optional.of(token);
    }

    synchronized void revoke(String id) {
        tokens.remove(id);
    }

    synchronized int size() {
        return tokens.size();
    }

    private void purgeExpired(Instant now) {
        Iterator<Token> oldestFirst = tokens.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().expiredAt(now)) {
            oldestFirst.remove();
        }
    }

    private String randomId(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
