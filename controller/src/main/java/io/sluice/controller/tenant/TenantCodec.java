package io.sluice.controller.tenant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant repository's store documents as JSON: a record (mapped by Jackson through its canonical
 * constructor, so it is validated on the way in) with its standard attributes beside it,
 * {@code {"record": {...}, "description": "", "created_at": "...Z", "updated_at": "...Z"}}; a quota as a map
 * of limits; a router's binding as {@code {"host": "..."}}; a guard as the id of the record holding the
 * allocation, {@code {"port": "..."}}, plus {@code "released_at"} for a released MPLS label in quarantine.
 */
final class TenantCodec {
    private static final String RECORD = "record";
    private static final String RELEASED_AT = "released_at";
    private final ObjectMapper json = new ObjectMapper()
            // The records' helper methods (PortBinding.isBound) are not data.
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A decoded record document: the record carries the document's mod revision. */
    record Stored(Object record, StandardAttributes standard) {
    }

    byte[] encode(Object record, StandardAttributes standard) {
        ObjectNode document = json.createObjectNode();
        // The revision is the document's mod revision, which only the commit knows.
        document.set(RECORD, ((ObjectNode) json.valueToTree(record)).without("revision"));
        document.put("description", standard.description());
        document.put("created_at", standard.createdAt().toString());
        document.put("updated_at", standard.updatedAt().toString());
        return bytes(document);
    }

    Stored decode(Kind kind, byte[] value, long modRevision) {
        JsonNode document = read(value);
        ObjectNode record = ((ObjectNode) document.get(RECORD)).put("revision", modRevision); // the tree is ours
        StandardAttributes standard = new StandardAttributes(document.path("description").asText(""),
                Instant.parse(document.get("created_at").asText()), Instant.parse(document.get("updated_at").asText()));
        return new Stored(convert(record, type(kind)), standard);
    }

    /** The record as it reads once the commit at {@code revision} has written it. */
    <T> T withRevision(T record, long revision) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        return convert(((ObjectNode) json.valueToTree(record)).put("revision", revision), type);
    }

    byte[] encodeQuota(Map<String, Integer> limits) {
        return bytes(json.valueToTree(limits));
    }

    Map<String, Integer> decodeQuota(byte[] value) {
        return json.convertValue(read(value), new TypeReference<Map<String, Integer>>() { });
    }

    byte[] encodeRouterHost(String host) {
        return bytes(json.createObjectNode().put("host", host));
    }

    String decodeRouterHost(byte[] value) {
        return read(value).get("host").asText();
    }

    byte[] encodeGuard(ResourceKey holder) {
        return bytes(json.createObjectNode().put(holder.kind().storeName(), holder.id()));
    }

    /** The record a guard names as its holder (or, for a released label, as its former holder). */
    ResourceKey decodeGuardHolder(byte[] guard) {
        JsonNode node = read(guard);
        for (Kind kind : Kind.values()) {
            JsonNode id = node.get(kind.storeName());
            if (id != null && kind.holdsRecords()) {
                return new ResourceKey(kind, id.asText());
            }
        }
        throw new UncheckedIOException(new IOException("guard names no holder: " + node));
    }

    /** The guard of a label its holder released at {@code releasedAt}: kept so the label sits out its quarantine. */
    byte[] encodeReleasedGuard(ResourceKey formerHolder, Instant releasedAt) {
        return bytes(json.createObjectNode().put(formerHolder.kind().storeName(), formerHolder.id())
                .put(RELEASED_AT, releasedAt.toString()));
    }

    /** When the guard's allocation was released; empty while it is held. */
    Optional<Instant> releasedAt(byte[] guard) {
        JsonNode releasedAt = read(guard).get(RELEASED_AT);
        return releasedAt == null ? Optional.empty() : Optional.of(Instant.parse(releasedAt.asText()));
    }

    private static Class<?> type(Kind kind) {
        if (!kind.holdsRecords()) {
            throw new IllegalArgumentException(kind + " documents hold no record");
        }
        return kind.recordType();
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (IOException e) {
            throw new UncheckedIOException("undecodable " + type.getSimpleName() + " document", e);
        }
    }

    private JsonNode read(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("undecodable tenant document", e);
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
