package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Version discovery: {@code GET /v3} describes Identity v3, {@code GET /} lists it (300 Multiple Choices, as
 * Keystone answers). keystoneauth reads {@code /} when OS_AUTH_URL has no {@code /v3}, then follows the
 * version's self link, so that link must be the URL clients reach.
 */
final class VersionApi {
    private final Version version;
    private final Replies replies;

    record Version(@JsonProperty("id") String id, @JsonProperty("status") String status,
                   @JsonProperty("updated") String updated, @JsonProperty("links") List<Link> links,
                   @JsonProperty("media-types") List<MediaType> mediaTypes) {
    }

    record Link(@JsonProperty("rel") String rel, @JsonProperty("href") String href) {
    }

    record MediaType(@JsonProperty("base") String base, @JsonProperty("type") String type) {
    }

    record VersionBody(@JsonProperty("version") Version version) {
    }

    record VersionsBody(@JsonProperty("versions") Values versions) {
    }

    record Values(@JsonProperty("values") List<Version> values) {
    }

    /** @param identityRoot Keystone's root as clients reach it, with a trailing slash */
    VersionApi(String identityRoot, Replies replies) {
        // v3.14 and its date are Keystone Ussuri's; Sluice serves a subset of it.
        this.version = new Version("v3.14", "stable", "2020-04-07T00:00:00Z",
                List.of(new Link("self", identityRoot + "v3/")),
                List.of(new MediaType("application/json", "application/vnd.openstack.identity-v3+json")));
        this.replies = replies;
    }

    void mount(Router router) {
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> replies.json(ctx, 300, new VersionsBody(new Values(List.of(version)))));
        router.route("/v3").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> replies.json(ctx, 200, new VersionBody(version)));
    }
}
