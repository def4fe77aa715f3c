package io.sluice.controller.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * Neutron's standard attributes the API shows beside a record and compilers never read: kept in the record's
 * store document, next to it. (revision_number is the record's revision: the store revision of its last write.)
 */
public record StandardAttributes(String description, Instant createdAt, Instant updatedAt) {
    public StandardAttributes {
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    StandardAttributes updated(String newDescription, Instant now) {
        return new StandardAttributes(newDescription == null ? description : newDescription, createdAt, now);
    }
}
