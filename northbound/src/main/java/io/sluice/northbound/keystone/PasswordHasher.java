package io.sluice.northbound.keystone;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with PBKDF2-HMAC-SHA256 and a random salt per password, encoded as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (unpadded base64). The iteration count travels with each hash,
 * so hashes made with another count keep verifying after the default changes.
 */
public final class PasswordHasher {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; about 0.2 s per verification on one core. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final SecureRandom random;

    public PasswordHasher(int iterations, SecureRandom random) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        this.iterations = iterations;
        this.random = random;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(password, salt, iterations, HASH_BYTES));
    }

    /** Whether the password matches the hash; compares in constant time. */
    public boolean verify(String password, String encoded) {
        Parsed hash = parse(encoded);
        return MessageDigest.isEqual(hash.hash(), derive(password, hash.salt(), hash.iterations(), hash.hash().length));
    }

    /**
     * Spends the time of one verification. Called for unknown users so that response time does not tell an
     * attacker which user names exist.
     */
    void spendVerificationTime(String password) {
        derive(password, new byte[SALT_BYTES], iterations, HASH_BYTES);
    }

    static void requireWellFormed(String encoded, String what) {
        try {
            parse(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static Parsed parse(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("expected " + SCHEME + "$ITERATIONS$SALT$HASH");
        }
        try {
            Parsed parsed = new Parsed(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
            if (parsed.iterations() < 1 || parsed.salt().length == 0 || parsed.hash().length == 0) {
                throw new IllegalArgumentException("iterations, salt and hash must not be empty");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations is not a number", e);
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }
}
