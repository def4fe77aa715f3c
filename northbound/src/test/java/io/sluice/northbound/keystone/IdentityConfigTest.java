package io.sluice.northbound.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityConfigTest {
    private final PasswordHasher hasher = TestIdentity.fastHasher();

    @Test
    void theDefaultDomainIsAlwaysThere() {
        IdentityConfig config = IdentityConfig.builder(hasher).project("p1", "one").build();

        assertThat(config.domains()).containsExactly(Domain.DEFAULT);
        assertThat(config.projects()).containsExactly(new Project("p1", "one", "default"));
    }

    @Test
    void namesAreUniqueWithinADomainOnly() {
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).project("p1", "red").project("p2", "red").build())
                .hasMessageContaining("duplicate project name in a domain: default/red");
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).user("u1", "alice", "a").user("u2", "alice", "b")
                .build())
                .hasMessageContaining("duplicate user name");
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).project("p1", "red").project("p1", "blue").build())
                .hasMessageContaining("duplicate project id: p1");
        IdentityConfig twoReds = IdentityConfig.builder(hasher).domain("d2", "Two").project("p1", "red")
                .project("p2", "red", "d2").build();
        assertThat(twoReds.projects()).extracting(Project::name).containsExactly("red", "red");
    }

    @Test
    void referencesMustResolve() {
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).project("p1", "red")
                .assign("u1", "p1", Role.MEMBER).build())
                .hasMessageContaining("user of a role assignment does not exist: u1");
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).user("u1", "a", "pw")
                .assign("u1", "p9", Role.ADMIN).build())
                .hasMessageContaining("project of a role assignment does not exist: p9");
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).project("p1", "red", "nowhere").build())
                .hasMessageContaining("domain of project red does not exist: nowhere");
    }

    @Test
    void blankNamesAreRejected() {
        assertThatThrownBy(() -> IdentityConfig.builder(hasher).project("p1", " ").build())
                .hasMessageContaining("project name must not be blank");
        assertThatThrownBy(() -> new User("u1", "alice", null, null))
                .hasMessageContaining("password_hash of user alice");
    }

    @Test
    void toBuilderKeepsWhatIsThereAndAddsMore() {
        IdentityConfig config = TestIdentity.config().toBuilder(hasher).project("p-green", "green")
                .user("u-carol", "carol", "pw").assign("u-carol", "p-green", Role.MEMBER).build();

        assertThat(config.users()).extracting(User::name).containsExactly("admin", "alice", "bob", "alice", "carol");
        assertThat(config.roleAssignments()).hasSize(5);
        assertThat(config.users().get(4).toString()).doesNotContain("pbkdf2");
        assertThat(config.domains()).hasSize(2);
    }
}
