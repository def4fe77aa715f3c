package io.sluice.northbound.keystone;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimal Keystone v3 that Sluice serves itself (default port 5000) so that the stock {@code openstack}
 * CLI and Nova's keystoneauth can authenticate: password authentication scoped to a project, token
 * validation and revocation, version discovery. The Neutron API checks tokens through {@link #validator()}.
 *
 * <p>Tokens live in memory: a controller restart invalidates them and clients re-authenticate on 401.
 */
public final class KeystoneService {
    public static final int DEFAULT_PORT = 5000;
    /** Keystone's default lifetime; clients re-authenticate shortly before expiry. */
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);
    /** Bounds token memory (about 1 KiB each); well above what Nova and CLI use within a token lifetime. */
    static final int MAX_TOKENS = 20_000;

    private static final Logger log = LoggerFactory.getLogger(KeystoneService.class);
    private static final List<Integer> ROUTING_ERRORS = List.of(400, 404, 405, 413);

    private final TokenStore tokens;
    private final Replies replies;
    private final VersionApi versionApi;
    private final TokenApi tokenApi;

    /**
     * @param neutronPublicUrl  Neutron's root as clients reach it, without {@code /v2.0}, e.g. http://HOST:9696/
     * @param identityPublicUrl this service's root as clients reach it, without {@code /v3}, e.g. http://HOST:5000/
     */
    public KeystoneService(IdentityStore identity, Clock clock, Duration tokenTtl, URI neutronPublicUrl,
                           URI identityPublicUrl) {
        String identityRoot = KeystoneUrls.root(identityPublicUrl, "v3");
        ObjectMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.tokens = new TokenStore(clock, tokenTtl, MAX_TOKENS, new SecureRandom());
        this.replies = new Replies(json);
        this.versionApi = new VersionApi(identityRoot, replies);
        this.tokenApi = new TokenApi(identity, tokens, new TokenResponse(KeystoneUrls.root(neutronPublicUrl, "v2.0"),
                identityRoot), json, replies);
    }

    /** A router for the Keystone listener; every answer, errors included, is JSON. */
    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        versionApi.mount(router);
        tokenApi.mount(router);
        router.route().failureHandler(this::failed);
        for (int status : ROUTING_ERRORS) {
            router.errorHandler(status, ctx -> replies.error(ctx, status, reason(status)));
        }
        return router;
    }

    /**
     * Keystone's password login ({@code POST}, the body and answer of {@code /v3/auth/tokens}) at {@code path} of
     * another listener, e.g. the viewer's, whose page can then log in on its own origin.
     */
    public void mountLogin(Router router, String path) {
        tokenApi.mountIssue(router, path);
        router.post(path).failureHandler(this::failed);
    }

    public TokenValidator validator() {
        return token -> tokens.find(token).map(found -> found.scope().context());
    }

    private void failed(RoutingContext ctx) {
        if (ctx.failure() instanceof KeystoneError error) {
            replies.error(ctx, error.status(), error.getMessage());
        } else if (ctx.failure() == null && ROUTING_ERRORS.contains(ctx.statusCode())) {
            // Failed by Vert.x itself, e.g. 413 from the body limit.
            replies.error(ctx, ctx.statusCode(), reason(ctx.statusCode()));
        } else {
            log.error("Keystone {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            replies.error(ctx, 500, "An unexpected error prevented the server from fulfilling your request.");
        }
    }

    private static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
