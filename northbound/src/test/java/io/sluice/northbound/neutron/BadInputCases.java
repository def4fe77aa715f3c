package io.sluice.northbound.neutron;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests against one API fixture, a case each: every one answers its 4xx with a NeutronError of
 * Neutron's type, never a 500, and leaves the store exactly as it was (every document and the revision).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputCases {
    static final String UNKNOWN = "0b0e7d6c-1c9e-4a55-9f5e-000000000000";
    final NeutronFixture api;

    BadInputCases(NeutronFixture api) {
        this.api = api;
    }

    /** The cases, each made by {@link #bad}. */
    abstract Stream<Arguments> cases();

    static Arguments bad(String what, String token, String method, String path, String body, int status,
                         String type) {
        return Arguments.of(what, token, method, path, body, status, type);
    }

    @AfterAll
    void close() {
        api.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(String what, String token, String method, String path, String body, int status,
                                    String type) {
        api.assertRefusedAndUnchanged(what, token, method, path, body, status, type);
    }
}
