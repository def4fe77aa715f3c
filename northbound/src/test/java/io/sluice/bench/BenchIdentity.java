package io.sluice.bench;

import io.sluice.northbound.keystone.IdentityConfig;
import io.sluice.northbound.keystone.IdentityFile;
import io.sluice.northbound.keystone.PasswordHasher;
import io.sluice.northbound.keystone.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The identity file the drivers give the controller: an admin, and a member of project {@code bench}, with
 * random passwords.
 */
record BenchIdentity(String adminPassword, String memberPassword) {
    /** Writes {@code identity.json} into the controller's state directory. */
    static BenchIdentity write(Path stateDir) throws IOException {
        BenchIdentity identity = new BenchIdentity(secret(), secret());
        PasswordHasher hasher = new PasswordHasher(10_000, new SecureRandom());
        IdentityConfig config = IdentityConfig.builder(hasher)
                .project("p-admin", "admin").project("p-bench", "bench")
                .user("u-admin", "admin", identity.adminPassword).user("u-bench", "bench", identity.memberPassword)
                .assign("u-admin", "p-admin", Role.ADMIN).assign("u-bench", "p-bench", Role.MEMBER).build();
        new IdentityFile(hasher, new SecureRandom()).write(config, stateDir.resolve("identity.json"));
        return identity;
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
