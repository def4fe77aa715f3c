package io.sluice.northbound.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {
    private static final URI IDENTITY_URL = URI.create("http://ctl.example:5000");

    @TempDir
    Path dir;

    private final PasswordHasher hasher = TestIdentity.fastHasher();
    private final IdentityFile files = new IdentityFile(hasher, new SecureRandom());

    @Test
    void firstStartGeneratesAnAdminWithARandomPasswordInOwnerOnlyFiles() throws Exception {
        Path identity = dir.resolve("state/identity.json");
        Path openrc = dir.resolve("state/admin-openrc");

        AdminCredentials admin = files.loadOrCreate(identity, openrc, IDENTITY_URL).generatedAdmin().orElseThrow();

        assertThat(admin.userName()).isEqualTo("admin");
        assertThat(admin.projectName()).isEqualTo("admin");
        assertThat(admin.openrc()).isEqualTo(openrc);
        assertThat(admin.password()).matches("[A-Za-z0-9_-]{32}");
        assertThat(admin.toString()).doesNotContain(admin.password());
        for (Path file : new Path[] {identity, openrc}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(identity)).doesNotContain(admin.password()).contains("pbkdf2-sha256$");
        assertThat(Files.readAllLines(openrc)).filteredOn(line -> !line.startsWith("#")).containsExactly(
                "export OS_AUTH_URL=http://ctl.example:5000/v3",
                "export OS_IDENTITY_API_VERSION=3",
                "export OS_AUTH_TYPE=password",
                "export OS_USERNAME=admin",
                "export OS_PASSWORD='" + admin.password() + "'",
                "export OS_PROJECT_NAME=admin",
                "export OS_USER_DOMAIN_NAME=Default",
                "export OS_PROJECT_DOMAIN_NAME=Default",
                "export OS_REGION_NAME=RegionOne",
                "export OS_INTERFACE=public");
        assertThat(dir.resolve("state"))
                .isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void theGeneratedAdminAuthenticatesAsAdminOfProjectAdmin() throws Exception {
        IdentityFile.Loaded loaded = files.loadOrCreate(dir.resolve("identity.json"), dir.resolve("admin-openrc"),
                IDENTITY_URL);
        String password = loaded.generatedAdmin().orElseThrow().password();
        IdentityStore store = new IdentityStore(loaded.config(), hasher);

        Optional<Scope> scope = store.authenticate(AuthRequest.parse(new ObjectMapper().readTree(
                TestIdentity.authByName("admin", password, "admin"))));

        assertThat(scope).hasValueSatisfying(s -> assertThat(s.context().isAdmin()).isTrue());
        assertThat(store.authenticate(AuthRequest.parse(new ObjectMapper().readTree(
                TestIdentity.authByName("admin", "admin", "admin"))))).isEmpty();
    }

    @Test
    void laterStartsReadTheFileAndGenerateNothing() throws Exception {
        Path identity = dir.resolve("identity.json");
        Path openrc = dir.resolve("admin-openrc");
        IdentityFile.Loaded first = files.loadOrCreate(identity, openrc, IDENTITY_URL);
        String openrcText = Files.readString(openrc);

        IdentityFile.Loaded second = files.loadOrCreate(identity, openrc, IDENTITY_URL);

        assertThat(second.generatedAdmin()).isEmpty();
        assertThat(second.config()).isEqualTo(first.config());
        assertThat(Files.readString(openrc)).isEqualTo(openrcText);
    }

    @Test
    void everyGenerationHasItsOwnPasswordAndIds() throws Exception {
        IdentityFile.Loaded one = files.loadOrCreate(dir.resolve("a.json"), dir.resolve("a-openrc"), IDENTITY_URL);
        IdentityFile.Loaded two = files.loadOrCreate(dir.resolve("b.json"), dir.resolve("b-openrc"), IDENTITY_URL);

        assertThat(one.generatedAdmin().orElseThrow().password())
                .isNotEqualTo(two.generatedAdmin().orElseThrow().password());
        assertThat(one.config().users().get(0).id()).matches("[0-9a-f]{32}")
                .isNotEqualTo(two.config().users().get(0).id());
    }

    @Test
    void writtenConfigurationsReadBackEqual() throws Exception {
        IdentityConfig config = TestIdentity.config();
        Path file = dir.resolve("identity.json");

        files.write(config, file);

        assertThat(files.read(file)).isEqualTo(config);
        assertThat(Files.readString(file)).contains("\"role_assignments\"", "\"domain_id\" : \"other-domain\"",
                "\"role\" : \"member\"");
    }

    @Test
    void aFileThatDoesNotValidateIsRejectedWhole() throws Exception {
        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, "{\"users\": [{\"id\": \"u1\", \"name\": \"alice\", \"password\": \"alice\"}]}");
        Path role = dir.resolve("role.json");
        Files.writeString(role, "{\"projects\": [{\"id\": \"p1\", \"name\": \"red\"}], \"users\": [], "
                + "\"role_assignments\": [{\"user_id\": \"u1\", \"project_id\": \"p1\", \"role\": \"owner\"}]}");

        assertThatThrownBy(() -> files.read(plain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain.json").hasMessageContaining("password");
        assertThatThrownBy(() -> files.read(role)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role.json").hasMessageContaining("owner");
    }
}
