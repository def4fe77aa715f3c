package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A project (tenant); its name is unique within its domain. A missing domain means the default domain. */
public record Project(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("domain_id") String domainId) {

    public Project {
        Checks.nonBlank(id, "project id");
        Checks.nonBlank(name, "project name");
        domainId = domainId == null ? Domain.DEFAULT.id() : domainId;
    }
}
