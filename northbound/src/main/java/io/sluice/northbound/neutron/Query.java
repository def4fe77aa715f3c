package io.sluice.northbound.neutron;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A list request's query string as Neutron reads it: filters on any attribute ({@code ?name=a&name=b} is
 * name a or b; different attributes must all hold), {@code fields} (repeatable), sorting ({@code sort_key} and
 * {@code sort_dir}, repeatable, in pairs) and pagination ({@code limit}, {@code marker}, {@code page_reverse})
 * with {@code <collection>_links} next/previous as Neutron's pagination helpers write them. Applied to the JSON
 * views the caller may see, so it works the same for every collection.
 */
final class Query {
    private static final Set<String> RESERVED = Set.of("fields", "sort_key", "sort_dir", "limit", "marker",
            "page_reverse");

    private final Schema schema;
    private final List<Map.Entry<String, String>> params;
    private final List<Predicate<Map<String, Object>>> filters = new ArrayList<>();
    private final List<String> fields;
    private final List<Sort> sorts;
    private final int limit;
    private final String marker;
    private final boolean pageReverse;

    private record Sort(String key, boolean ascending) {
    }

    /** One page of a list and the links to its neighbours. */
    record Page(List<Map<String, Object>> items, List<Map<String, String>> links) {
    }

    /**
     * @param params the query parameters in the order given (repeated keys repeated)
     * @throws ApiError 400 for an unknown filter or sort key, a bad limit or sort direction
     */
    Query(Schema schema, List<Map.Entry<String, String>> params) {
        this.schema = schema;
        this.params = List.copyOf(params);
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        // Neutron drops empty values: ?name= filters nothing.
        params.stream().filter(p -> !p.getValue().isEmpty())
                .forEach(p -> byKey.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue()));
        byKey.forEach((key, values) -> {
            if (!RESERVED.contains(key)) {
                filters.add(filter(key, values));
            }
        });
        this.fields = byKey.getOrDefault("fields", List.of());
        this.sorts = sorts(byKey.getOrDefault("sort_key", List.of()), byKey.getOrDefault("sort_dir", List.of()));
        this.limit = limit(byKey.getOrDefault("limit", List.of()));
        this.marker = byKey.getOrDefault("marker", List.of()).stream().findFirst().orElse(null);
        this.pageReverse = byKey.getOrDefault("page_reverse", List.of("False")).get(0)
                .toLowerCase(Locale.ROOT).equals("true");
    }

    /** Filters, sorts and pages the views, then keeps the requested fields of each. */
    Page apply(List<Map<String, Object>> visible, String pathUrl) {
        Comparator<Map<String, Object>> order = comparator();
        List<Map<String, Object>> matching = visible.stream().filter(v -> filters.stream().allMatch(f -> f.test(v)))
                .sorted(order).toList();
        List<Map<String, Object>> page = matching;
        List<Map<String, String>> links = List.of();
        if (limit > 0) {
            page = page(matching, visible, order);
            links = links(page, pathUrl);
        }
        return new Page(page.stream().map(this::project).toList(), links);
    }

    /** Keeps only the requested fields (all when none were requested). */
    Map<String, Object> project(Map<String, Object> view) {
        if (fields.isEmpty()) {
            return view;
        }
        Map<String, Object> projected = new LinkedHashMap<>();
        view.forEach((key, value) -> {
            if (fields.contains(key)) {
                projected.put(key, value);
            }
        });
        return projected;
    }

    private List<Map<String, Object>> page(List<Map<String, Object>> matching, List<Map<String, Object>> visible,
                                           Comparator<Map<String, Object>> order) {
        if (marker == null) {
            return pageReverse ? matching.subList(Math.max(0, matching.size() - limit), matching.size())
                    : matching.subList(0, Math.min(limit, matching.size()));
        }
        // The marker is placed by its sort values, as a database query does, so it need not match the filters.
        Map<String, Object> mark = visible.stream().filter(v -> marker.equals(v.get("id"))).findFirst()
                .orElseThrow(() -> schema.notFound().apply(marker));
        if (pageReverse) {
            List<Map<String, Object>> before = matching.stream().filter(v -> order.compare(v, mark) < 0).toList();
            return before.subList(Math.max(0, before.size() - limit), before.size());
        }
        return matching.stream().filter(v -> order.compare(v, mark) > 0).limit(limit).toList();
    }

    /** Neutron's get_pagination_links: "next" unless a short forward page, "previous" unless a short reverse one. */
    private List<Map<String, String>> links(List<Map<String, Object>> page, String pathUrl) {
        List<Map<String, String>> links = new ArrayList<>();
        if (!(page.size() < limit && !pageReverse)) {
            links.add(Map.of("rel", "next", "href", link(pathUrl, page.isEmpty() ? null
                    : page.get(page.size() - 1).get("id"), false)));
        }
        if (!(page.size() < limit && pageReverse)) {
            links.add(Map.of("rel", "previous", "href", link(pathUrl, page.isEmpty() ? null
                    : page.get(0).get("id"), true)));
        }
        return links;
    }

    private String link(String pathUrl, Object newMarker, boolean reverse) {
        List<Map.Entry<String, String>> query = new ArrayList<>(params.stream()
                .filter(p -> !p.getKey().equals("page_reverse") && !(newMarker != null && p.getKey().equals("marker")))
                .toList());
        if (newMarker != null) {
            query.add(Map.entry("marker", newMarker.toString()));
        }
        if (reverse) {
            query.add(Map.entry("page_reverse", "True"));
        }
        return pathUrl + "?" + query.stream().map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private Predicate<Map<String, Object>> filter(String key, List<String> values) {
        Schema.CustomFilter custom = schema.customFilters().get(key);
        if (custom != null) {
            return custom.matcher(values);
        }
        Schema.Kind kind = schema.attributes().get(key);
        if (kind == null || kind == Schema.Kind.COMPLEX) {
            throw ApiError.badRequest("[" + key + "] is invalid attribute for filtering");
        }
        List<String> wanted = values.stream().map(v -> canonical(key, kind, v)).toList();
        return view -> {
            Object actual = view.get(key);
            if (actual instanceof List<?> list) {
                return list.stream().anyMatch(e -> wanted.contains(String.valueOf(e)));
            }
            return actual != null && wanted.contains(String.valueOf(actual));
        };
    }

    /** A filter value in the form the view's value prints in, e.g. "True" and "1" as "true". */
    private static String canonical(String key, Schema.Kind kind, String value) {
        switch (kind) {
            case BOOLEAN:
                return String.valueOf(Values.toBoolean(key, value));
            case INTEGER:
                try {
                    return String.valueOf(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    throw ApiError.invalid(key, "'" + value + "' is not an integer");
                }
            default:
                return value;
        }
    }

    private List<Sort> sorts(List<String> keys, List<String> dirs) {
        if (keys.size() != dirs.size()) {
            throw ApiError.badRequest("The number of sort_keys and sort_dirs must be same");
        }
        List<String> invalid = keys.stream().filter(k -> {
            Schema.Kind kind = schema.attributes().get(k);
            return kind == null || kind == Schema.Kind.COMPLEX || kind == Schema.Kind.LIST;
        }).toList();
        if (!invalid.isEmpty()) {
            throw ApiError.badRequest(invalid + " is invalid attribute for sort_keys");
        }
        List<String> badDirs = dirs.stream().filter(d -> !d.equals("asc") && !d.equals("desc")).toList();
        if (!badDirs.isEmpty()) {
            throw ApiError.badRequest(badDirs + " is invalid value for sort_dirs, valid value is 'asc' and 'desc'");
        }
        List<Sort> sorts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            sorts.add(new Sort(keys.get(i), dirs.get(i).equals("asc")));
        }
        return sorts;
    }

    private static int limit(List<String> values) {
        String value = values.isEmpty() ? "0" : values.get(0);
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '"
                + value + "'.");
    }

    /** The requested order, then id ascending, as Neutron's pagination appends the primary key. */
    private Comparator<Map<String, Object>> comparator() {
        Comparator<Map<String, Object>> order = (a, b) -> 0;
        for (Sort sort : sorts) {
            Comparator<Map<String, Object>> byKey = (a, b) -> compareValues(a.get(sort.key()), b.get(sort.key()));
            order = order.thenComparing(sort.ascending() ? byKey : byKey.reversed());
        }
        return order.thenComparing(v -> String.valueOf(v.get("id")));
    }

    /** None sorts first, as in Neutron's emulated sorting. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
