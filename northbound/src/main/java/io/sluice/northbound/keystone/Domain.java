package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Keystone domain. Every identity has Keystone's built-in domain {@code default}, named {@code Default}. */
public record Domain(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    public static final Domain DEFAULT = new Domain("default", "Default");

    public Domain {
        Checks.nonBlank(id, "domain id");
        Checks.nonBlank(name, "domain name");
    }
}
