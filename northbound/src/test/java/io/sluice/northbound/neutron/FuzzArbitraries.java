package io.sluice.northbound.neutron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The fuzzer's requests: valid ones ({@link FuzzTemplates}) with their bodies, paths, methods and query strings
 * mutated — wrong JSON types, missing and extra fields, huge and unicode strings, negative and huge numbers,
 * malformed ids and other projects' ids — and wholly random ones.
 */
final class FuzzArbitraries {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");
    /** The values handlers most often forget: JSON null where something else must be, empty and odd containers. */
    private static final List<JsonNode> ODD_VALUES = List.of(NODES.nullNode(), NODES.arrayNode().add(NODES.nullNode()),
            NODES.objectNode().set("x", NODES.nullNode()), NODES.arrayNode(), NODES.objectNode(), NODES.textNode(""),
            NODES.numberNode(-1), NODES.booleanNode(true));

    private FuzzArbitraries() {
    }

    /** Any request: a template mutated in one to three ways (or not at all), or a random one. */
    static Arbitrary<FuzzRequest> requests() {
        Arbitrary<FuzzRequest> mutated = Combinators.combine(Arbitraries.of(FuzzTemplates.all()),
                mutation().list().ofMinSize(0).ofMaxSize(3)).as((template, mutations) -> {
                    FuzzRequest request = template;
                    for (Mutation mutation : mutations) {
                        request = mutation.apply(request);
                    }
                    return request;
                });
        Arbitrary<FuzzRequest> random = Combinators.combine(Arbitraries.of(METHODS), paths(), jsonValues(3))
                .as((method, path, body) -> new FuzzRequest(method, path, body.toString()));
        return Arbitraries.frequencyOf(Tuple.of(9, mutated), Tuple.of(1, random));
    }

    /** GETs of every list with a random query string: filters, fields, sorts and pages, good and bad. */
    static Arbitrary<FuzzRequest> listQueries() {
        Arbitrary<String> collection = Arbitraries.of("networks", "subnets", "ports", "routers", "floatingips",
                "agents", "floatingips/{alpha.fip2}/port_forwardings", "extensions", "quotas");
        Arbitrary<String> attribute = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(FuzzTemplates.ATTRIBUTES)),
                Tuple.of(1, hostileText()));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(FuzzTemplates.ATTRIBUTES),
                Arbitraries.of("True", "false", "1", "0", "-1", "2147483648", "ACTIVE", "DOWN", "alpha", "beta",
                        "admin-project", "ip_address=100.64.1.5", "ip_address=100.64.2.5", "subnet_id={alpha.subnet}",
                        "subnet_id={beta.subnet}", "ip_address=", "subnet_id", "ip_address_substr=100.64", "=", "&",
                        "%"), references(), addressText(), hostileText());
        Arbitrary<String> filter = Combinators.combine(attribute, value).as(FuzzArbitraries::parameter);
        Arbitrary<String> field = attribute.map(a -> parameter("fields", a));
        Arbitrary<String> sort = Combinators.combine(attribute, Arbitraries.of("asc", "desc", "ASC", "", "up"))
                .as((key, direction) -> parameter("sort_key", key) + "&" + parameter("sort_dir", direction));
        Arbitrary<String> page = Arbitraries.oneOf(
                Arbitraries.of("1", "2", "0", "-1", "x", "1.5", "99999999999", " 3").map(n -> parameter("limit", n)),
                Arbitraries.oneOf(references(), idText()).map(id -> parameter("marker", id)),
                Arbitraries.of("True", "true", "False", "x").map(r -> parameter("page_reverse", r)));
        Arbitrary<String> unpaired = Arbitraries.of("sort_key=name", "sort_dir=asc", "fields", "limit", "&&", "=x");
        Arbitrary<String> parameters = Arbitraries.frequencyOf(Tuple.of(3, filter), Tuple.of(2, field),
                Tuple.of(2, sort), Tuple.of(3, page), Tuple.of(1, unpaired)).list().ofMaxSize(6)
                .map(list -> String.join("&", list));
        return Combinators.combine(collection, parameters, Arbitraries.of("", ".json"))
                .as((c, query, suffix) -> new FuzzRequest("GET", "/v2.0/" + c + suffix + "?" + query, null));
    }

    private static String parameter(String key, String value) {
        return encode(key) + "=" + encode(value);
    }

    private static Arbitrary<Mutation> mutation() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 1000), jsonValues(2))
                        .as((where, value) -> new Mutation("replace value", where, value, (r, w, v) ->
                                r.withBody(Bodies.replaceValue(r.body(), w, v)))),
                Arbitraries.integers().between(0, 1000).map(where -> new Mutation("remove field", where, null,
                        (r, w, v) -> r.withBody(Bodies.removeField(r.body(), w)))),
                Combinators.combine(Arbitraries.integers().between(0, 1000), jsonValues(1),
                        Arbitraries.oneOf(Arbitraries.of(FuzzTemplates.ATTRIBUTES), hostileText()))
                        .as((where, value, key) -> new Mutation("add field " + key, where, value, (r, w, v) ->
                                r.withBody(Bodies.addField(r.body(), w, key, v)))),
                jsonValues(2).map(value -> new Mutation("replace body", 0, value,
                        (r, w, v) -> r.withBody(v.toString()))),
                rawBodies().map(raw -> new Mutation("raw body " + Bodies.abbreviate(raw), 0, null,
                        (r, w, v) -> r.withBody(raw))),
                Arbitraries.integers().between(0, 1000).map(where -> new Mutation("truncate body", where, null,
                        (r, w, v) -> r.withBody(r.body() == null ? "{" : r.body().substring(0,
                                w % (r.body().length() + 1))))),
                Combinators.combine(Arbitraries.integers().between(0, 1000), idText())
                        .as((where, id) -> new Mutation("replace path id with " + id, where, null,
                                (r, w, v) -> r.withPath(Bodies.replacePathSegment(r.path(), w, encode(id))))),
                Arbitraries.of("", ".json", "/", "/extra", "//", "/..", "?limit=1", "?fields=id&fields=name")
                        .map(suffix -> new Mutation("path suffix " + suffix, 0, null,
                                (r, w, v) -> r.withPath(r.path() + suffix))),
                Arbitraries.of(METHODS).map(method -> new Mutation("method " + method, 0, null,
                        (r, w, v) -> new FuzzRequest(method, r.path(), r.body()))));
    }

    /** Random JSON of the given depth, its leaves hostile. */
    static Arbitrary<JsonNode> jsonValues(int depth) {
        Arbitrary<JsonNode> leaf = leaves();
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> inner = jsonValues(depth - 1);
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(FuzzTemplates.ATTRIBUTES), hostileText());
        Arbitrary<JsonNode> object = Arbitraries.maps(key, inner).ofMaxSize(4).map(fields -> {
            ObjectNode node = NODES.objectNode();
            fields.forEach(node::set);
            return node;
        });
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(4).map(elements -> {
            ArrayNode node = NODES.arrayNode();
            elements.forEach(node::add);
            return node;
        });
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, object), Tuple.of(1, array));
    }

    /**
     * Every valid request with each of its fields and elements in turn replaced by each of the values that a
     * handler most often forgets (null where a list element or a number was, empty containers, a list of null).
     */
    static List<FuzzRequest> everyFieldOddlyValued() {
        List<FuzzRequest> requests = new ArrayList<>();
        for (FuzzRequest template : FuzzTemplates.writes()) {
            for (int slot = 0; slot < Bodies.slotCount(template.body()); slot++) {
                for (JsonNode value : ODD_VALUES) {
                    requests.add(template.withBody(Bodies.replaceValue(template.body(), slot, value)));
                }
            }
        }
        return List.copyOf(requests);
    }

    /**
     * Every valid request with each id it names, in its path or its body, in turn replaced by each reference to
     * a resource that is not alpha's (beta's, the admin's, one that does not exist).
     */
    static List<FuzzRequest> everyIdOfAnotherProject() {
        List<String> others = FuzzWorld.REFERENCES.stream().filter(r -> !r.startsWith("alpha."))
                .map(r -> "{" + r + "}").toList();
        List<FuzzRequest> requests = new ArrayList<>();
        for (FuzzRequest template : FuzzTemplates.all()) {
            for (String named : named(template)) {
                others.forEach(other -> requests.add(new FuzzRequest(template.method(),
                        template.path().replace(named, other),
                        template.body() == null ? null : template.body().replace(named, other))));
            }
        }
        return List.copyOf(requests);
    }

    /** The distinct references a request names. */
    private static List<String> named(FuzzRequest request) {
        Matcher reference = FuzzWorld.REFERENCE.matcher(request.path() + " " + request.body());
        List<String> named = new ArrayList<>();
        while (reference.find()) {
            if (!named.contains(reference.group())) {
                named.add(reference.group());
            }
        }
        return named;
    }

    private static Arbitrary<JsonNode> leaves() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(ODD_VALUES).map(JsonNode::deepCopy)), Tuple.of(1,
                Arbitraries.oneOf(
                hostileText().map(NODES::textNode),
                references().map(NODES::textNode),
                idText().map(NODES::textNode),
                addressText().map(NODES::textNode),
                hugeText().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(-1L, 0L, 1L, 65535L, 65536L, 16777216L, Integer.MAX_VALUE + 1L, Long.MIN_VALUE,
                        Long.MAX_VALUE).map(NODES::numberNode),
                Arbitraries.of(new BigInteger("340282366920938463463374607431768211456"), BigInteger.TWO.pow(63))
                        .map(NODES::numberNode),
                Arbitraries.of(new BigDecimal("3.5"), new BigDecimal("-0.0"), new BigDecimal("1e308"),
                        new BigDecimal("1e-300"), new BigDecimal("1e400")).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(NODES.objectNode(), NODES.arrayNode()).map(JsonNode::deepCopy))));
    }

    /** Bodies no JSON writer makes: escapes of lone surrogates, duplicate keys, deep nesting, odd numbers. */
    private static Arbitrary<String> rawBodies() {
        return Arbitraries.of("{\"network\": {\"name\": \"\\ud800\"}}", "{\"port\": {\"name\": \"\\udc00x\", "
                        + "\"network_id\": \"{alpha.network}\"}}", "{\"network\": {\"name\": \"a\", \"name\": 5}}",
                "{\"network\": {}, \"network\": {\"name\": \"b\"}}", "[".repeat(5000) + "]".repeat(5000),
                "{\"quota\": {\"network\": 1" + "0".repeat(2000) + "}}", "{\"network\": {\"mtu\": 1e999999}}",
                "{\"network\": {\"mtu\": NaN}}", "\ufeff{\"network\": {}}", "{\"network\": {\"name\": \"x\"}}\u0000",
                "{\"router\": {\"routes\": [" + "{\"destination\": \"10.0.0.0/8\", \"nexthop\": \"100.64.1.9\"},"
                        .repeat(2000) + "{}]}}",
                "{\"subnet_id\": \"{alpha.subnet2}\", \"subnet_id\": \"{beta.subnet}\"}",
                "null", "0", "\"\"", "{\"port\": null}");
    }

    /** References to seeded resources of every project, as they appear in a request before it is resolved. */
    private static Arbitrary<String> references() {
        return Arbitraries.of(FuzzWorld.REFERENCES).map(reference -> "{" + reference + "}");
    }

    /** Ids that name nothing or are no id at all. */
    private static Arbitrary<String> idText() {
        return Arbitraries.oneOf(references(), Arbitraries.of("", " ", "null", "not-a-uuid",
                "0b0e7d6c1c9e4a559f5e000000000000", "0B0E7D6C-1C9E-4A55-9F5E-000000000000",
                FuzzWorld.UNKNOWN_ID + "x", "../networks", "%00", "tenant", "details", "default", "alpha", "beta",
                "admin-project", "é", "\u0000", "😀", "{alpha.network}/{beta.network}"));
    }

    private static Arbitrary<String> addressText() {
        return Arbitraries.of("10.1.0.300", "100.64.1.5/24", "::1", "2001:db8::1", "0.0.0.0", "255.255.255.255",
                "100.64.1.05", " 100.64.1.6", "100.64.1.0/33", "0.0.0.0/0", "100.64.1.0/-1", "10.0.0.0/8",
                "203.0.113.9", "203.0.113.0/24", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "fa:16:3e:zz:00:00",
                "FA-16-3E-00-00-01", "fa:16:3e:00:00:01", "01:00:5e:00:00:01", "tcp", "udp", "icmp", "vxlan", "vlan",
                "flat", "mpls", "physnet1", "compute:nova", "network:router_interface", "network:dhcp",
                "network:floatingip", "network:router_gateway", "direct", "normal");
    }

    /** Short strings of any code points, and a few that often break parsers. */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withCharRange('\u0590', '\u06ff').withChars("\u200f\u202e\u0301\ufeff")
                        .ofMaxLength(12),
                Arbitraries.of("", " ", "\u0000", "😀🇦🇶", "\ud800", "' OR 1=1 --", "<script>", "%s%n", "${jndi:x}",
                        "\\u0000", "-1", "1e999", "NaN", "true", "None", "[]", "{}", "a\nb", "x".repeat(255),
                        "x".repeat(256)));
    }

    /** Strings past every length limit, up to and beyond the 1 MiB body limit. */
    private static Arbitrary<String> hugeText() {
        return Combinators.combine(Arbitraries.of("x", "é", "😀", "\u0000"),
                Arbitraries.of(256, 4096, 65_536, 600_000)).as(String::repeat);
    }

    /** URL-encoded, but {references} kept as they are for {@link FuzzWorld#resolve} to replace. */
    static String encode(String text) {
        Matcher reference = FuzzWorld.REFERENCE.matcher(text);
        StringBuilder encoded = new StringBuilder();
        int from = 0;
        while (reference.find()) {
            encoded.append(URLEncoder.encode(text.substring(from, reference.start()), StandardCharsets.UTF_8))
                    .append(reference.group());
            from = reference.end();
        }
        return encoded.append(URLEncoder.encode(text.substring(from), StandardCharsets.UTF_8)).toString();
    }

    private static Arbitrary<String> paths() {
        return Combinators.combine(Arbitraries.of("networks", "subnets", "ports", "routers", "floatingips",
                "quotas", "agents", "extensions", "security-groups", "floatingips/{beta.fip2}/port_forwardings"),
                idText().list().ofMaxSize(2)).as((collection, segments) -> "/v2.0/" + collection
                + segments.stream().map(s -> "/" + encode(s)).collect(Collectors.joining()));
    }

    /** One change to a request; {@code where} picks the field or segment it applies to, modulo their number. */
    record Mutation(String what, int where, JsonNode value, Change change) {
        interface Change {
            FuzzRequest apply(FuzzRequest request, int where, JsonNode value);
        }

        FuzzRequest apply(FuzzRequest request) {
            return change.apply(request, where, value);
        }

        @Override
        public String toString() {
            return what + "@" + where + (value == null ? "" : " " + Bodies.abbreviate(value.toString()));
        }
    }
}
