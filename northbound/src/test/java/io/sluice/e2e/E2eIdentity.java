package io.sluice.e2e;

import io.sluice.northbound.keystone.IdentityConfig;
import io.sluice.northbound.keystone.IdentityFile;
import io.sluice.northbound.keystone.PasswordHasher;
import io.sluice.northbound.keystone.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;

/**
 * The users e2e tests act as: admin (admin of projects admin, red and blue: an operator making a provider
 * network for a project scopes to it, the stock CLI's --project needing Keystone's project API), alice (member
 * of red), bob (member of blue), written as the controller's identity file before it starts. Few hash
 * iterations keep logins fast; the format is the production one.
 */
final class E2eIdentity {
    static final String ADMIN_PASSWORD = "admin-pw";
    static final String ALICE_PASSWORD = "alice-pw";
    static final String BOB_PASSWORD = "bob-pw";

    private E2eIdentity() {
    }

    /** A fresh state directory for the controller under {@code work}, holding the identity file. */
    static Path freshStateDir(Path work) throws IOException {
        if (Files.exists(work)) {
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path state = Files.createDirectories(work.resolve("state"));
        write(state.resolve("identity.json"));
        return state;
    }

    /** The e2e users' identity file, written as the controller writes its own (durably). */
    static void write(Path file) throws IOException {
        PasswordHasher hasher = new PasswordHasher(1_000, new SecureRandom());
        IdentityConfig identity = IdentityConfig.builder(hasher)
                .project("p-admin", "admin").project("p-red", "red").project("p-blue", "blue")
                .user("u-admin", "admin", ADMIN_PASSWORD).user("u-alice", "alice", ALICE_PASSWORD)
                .user("u-bob", "bob", BOB_PASSWORD)
                .assign("u-admin", "p-admin", Role.ADMIN).assign("u-admin", "p-red", Role.ADMIN)
                .assign("u-admin", "p-blue", Role.ADMIN).assign("u-alice", "p-red", Role.MEMBER)
                .assign("u-bob", "p-blue", Role.MEMBER).build();
        new IdentityFile(hasher, new SecureRandom()).write(identity, file);
    }
}
