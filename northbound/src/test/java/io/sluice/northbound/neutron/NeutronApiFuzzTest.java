package io.sluice.northbound.neutron;

import static io.sluice.northbound.neutron.NeutronFixture.ADMIN;
import static io.sluice.northbound.neutron.NeutronFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * The Neutron API fuzzed: random and mutated requests to every resource (see {@link FuzzArbitraries}) against a
 * store seeded with two projects' resources ({@link FuzzWorld}). Whatever is sent, the API never answers 5xx, every
 * error is a NeutronError, a refused request (4xx) or a read changes nothing in the store, and a member is never
 * told another project's ids, names or addresses. The world lives for a whole property, so each try also runs
 * against what the tries before it created, changed and deleted.
 *
 * <p>Every property starts from the same seed; the number of tries is jqwik.tries.default
 * (src/test/resources/junit-platform.properties, or -Djqwik.tries.default=N for a longer run).
 */
class NeutronApiFuzzTest {
    private static final String SEED = "20260601";

    private FuzzWorld world;
    /** Each secret and where it stands alone in a text: not as part of a longer id, name or address. */
    private final Map<String, Pattern> secrets = new LinkedHashMap<>();

    NeutronApiFuzzTest() throws Exception {
        seed();
    }

    private void seed() throws Exception {
        world = new FuzzWorld();
        assertThat(world.secrets()).as("what the leak check looks for")
                .contains("beta-secret-net", "beta-secret-port", "beta-secret-shared-port", "admin-private-net");
        secrets.clear();
        world.secrets().forEach(secret -> secrets.put(secret,
                Pattern.compile("(?<![0-9A-Za-z:/-])" + Pattern.quote(secret) + "(?![0-9A-Za-z:/-])")));
    }

    /** A world whose seeded resources were deleted is made anew, so that requests keep reaching them. */
    private void reseedIfChanged(Sent sent) throws Exception {
        if (sent.response().status() < 300 && !sent.method().equals("GET") && !world.intact()) {
            world.close();
            seed();
            Statistics.label("reseeded").collect(true);
        }
    }

    @AfterProperty
    void close() {
        world.close();
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return FuzzArbitraries.requests();
    }

    @Provide
    Arbitrary<FuzzRequest> listQueries() {
        return FuzzArbitraries.listQueries();
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void aMembersRequestsAreAnsweredSafelyAndShowAndChangeNoOtherProject(@ForAll("requests") FuzzRequest request)
            throws Exception {
        sendAsMember(request);
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void anAdminsRequestsAreAnsweredSafely(@ForAll("requests") FuzzRequest request) throws Exception {
        reseedIfChanged(send(ADMIN, request));
    }

    /** Not random: each of the requests once, as the admin, whose requests pass policy and reach every check. */
    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 10_000)
    void everyFieldOfEveryWriteOddlyValuedIsAnsweredSafely(@ForAll("everyFieldOddlyValued") FuzzRequest request)
            throws Exception {
        reseedIfChanged(send(ADMIN, request));
    }

    @Provide
    Arbitrary<FuzzRequest> everyFieldOddlyValued() {
        return Arbitraries.of(FuzzArbitraries.everyFieldOddlyValued());
    }

    /** Not random: each of the requests once, as alice. */
    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 10_000)
    void everyIdOfAnotherProjectInAMembersRequestIsAnsweredSafely(
            @ForAll("everyIdOfAnotherProject") FuzzRequest request) throws Exception {
        sendAsMember(request);
    }

    @Provide
    Arbitrary<FuzzRequest> everyIdOfAnotherProject() {
        return Arbitraries.of(FuzzArbitraries.everyIdOfAnotherProject());
    }

    @Property(seed = SEED, edgeCases = EdgeCasesMode.NONE)
    void aMembersListQueriesAreAnsweredSafelyAndShowNoOtherProject(@ForAll("listQueries") FuzzRequest request) {
        assertShowsNoOtherProject(send(ALICE, request));
    }

    /** Sends as alice: safely answered, nothing of another project shown, none of its documents changed. */
    private void sendAsMember(FuzzRequest request) throws Exception {
        List<String> othersBefore = othersDocuments();
        Sent sent = send(ALICE, request);
        assertShowsNoOtherProject(sent);
        assertThat(world.api.storeDump().lines()).as("another project's documents unchanged: %s", sent)
                .containsAll(othersBefore);
        reseedIfChanged(sent);
    }

    /**
     * The store's documents of project beta and of the admin: nothing alice sends may change or delete them (she
     * may add some of the admin's: an interface on a shared subnet is the subnet owner's port, as in Neutron).
     */
    private List<String> othersDocuments() {
        return world.api.storeDump().lines().filter(line -> line.contains("\"projectId\":\"beta\"")
                || line.contains("\"projectId\":\"admin-project\"")).toList();
    }

    /** A request as sent (references resolved) and its response. */
    private record Sent(String method, String path, String body, NeutronFixture.Response response) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + Bodies.abbreviate(body)) + " -> "
                    + response.status() + " " + Bodies.abbreviate(response.text());
        }
    }

    /**
     * Sends the request and checks what holds for every answer: below 500, an error is a NeutronError, and a
     * refusal or a read leaves the store as it was.
     */
    private Sent send(String token, FuzzRequest request) {
        String before = world.api.storeDump();
        String path = world.resolve(request.path());
        String body = world.resolve(request.body());
        Sent sent = new Sent(request.method(), path, body, world.api.send(token, request.method(), path, body));
        int status = sent.response().status();
        Statistics.collect(request.method(), status);
        assertThat(status).as("no 5xx: %s", sent).isLessThan(500);
        if (status >= 400) {
            assertIsNeutronError(sent);
        }
        if (status >= 400 || request.method().equals("GET")) {
            assertThat(world.api.storeDump()).as("store unchanged by a refusal or a read: %s", sent)
                    .isEqualTo(before);
        }
        return sent;
    }

    private static void assertIsNeutronError(Sent sent) {
        NeutronFixture.Response response = sent.response();
        assertThat(response.headers().get("content-type")).as("JSON error: %s", sent)
                .isEqualTo(List.of("application/json"));
        assertThat(response.json()).as("JSON error: %s", sent).isNotNull();
        JsonNode error = response.json().path("NeutronError");
        assertThat(error.path("type").isTextual() && !error.path("type").asText().isBlank())
                .as("NeutronError type: %s", sent).isTrue();
        assertThat(error.path("message").isTextual() && !error.path("message").asText().isBlank())
                .as("NeutronError message: %s", sent).isTrue();
        assertThat(error.path("detail").isTextual()).as("NeutronError detail: %s", sent).isTrue();
    }

    /**
     * No id, name or address that only another project (or the admin) can see is in the response, unless the
     * request itself named it (an error may repeat the id it did not find). Pagination links repeat the query
     * string, so they are left out.
     */
    private void assertShowsNoOtherProject(Sent sent) {
        String asked = sent.path() + " " + (sent.body() == null ? "" : sent.body());
        String told = told(sent.response());
        List<String> leaked = new ArrayList<>();
        secrets.forEach((secret, alone) -> {
            if (alone.matcher(told).find() && !asked.contains(secret)) {
                leaked.add(secret);
            }
        });
        assertThat(leaked).as("another project's data: %s", sent).isEmpty();
    }

    /** Every key and text value of the response, its *_links left out; the raw text when it is not JSON. */
    private static String told(NeutronFixture.Response response) {
        if (response.json() == null) {
            return response.text();
        }
        JsonNode json = response.json().deepCopy();
        if (json instanceof ObjectNode object) {
            List<String> links = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (name.endsWith("_links")) {
                    links.add(name);
                }
            });
            object.remove(links);
        }
        List<String> texts = new ArrayList<>();
        texts(json, texts);
        return texts.stream().collect(Collectors.joining("\n"));
    }

    private static void texts(JsonNode node, List<String> into) {
        if (node.isValueNode()) {
            into.add(node.asText());
            return;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            into.add(field.getKey());
            texts(field.getValue(), into);
        }
        if (node.isArray()) {
            node.forEach(element -> texts(element, into));
        }
    }
}
