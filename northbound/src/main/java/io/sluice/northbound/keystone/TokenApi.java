package io.sluice.northbound.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;

/**
 * {@code /v3/auth/tokens}: issue (POST), validate (GET, HEAD) and revoke (DELETE). Validation and revocation
 * need a valid {@code X-Auth-Token} and name the token they act on in {@code X-Subject-Token}.
 */
final class TokenApi {
    static final String PATH = "/v3/auth/tokens";
    static final String AUTH_TOKEN = "X-Auth-Token";
    static final String SUBJECT_TOKEN = "X-Subject-Token";
    /** An auth request is a few hundred bytes; the limit keeps a client from making us buffer more. */
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final IdentityStore identity;
    private final TokenStore tokens;
    private final TokenResponse responses;
    private final ObjectMapper json;
    private final Replies replies;

    TokenApi(IdentityStore identity, TokenStore tokens, TokenResponse responses, ObjectMapper json, Replies replies) {
        this.identity = identity;
        this.tokens = tokens;
        this.responses = responses;
        this.json = json;
        this.replies = replies;
    }

    void mount(Router router) {
        mountIssue(router, PATH);
        router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::validate);
        router.delete(PATH).handler(this::revoke);
    }

    /** Only the issue (POST) at {@code path}: how another listener's page logs in. */
    void mountIssue(Router router, String path) {
        router.post(path).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::issue);
    }

    private void issue(RoutingContext ctx) {
        AuthRequest request = AuthRequest.parse(body(ctx));
        // PBKDF2 takes a fifth of a second by design: never on the event loop.
        ctx.vertx().executeBlocking(() -> identity.authenticate(request), false)
                .map(scope -> tokens.issue(scope.orElseThrow(
                        () -> KeystoneError.unauthorized(KeystoneError.AUTHENTICATION_REQUIRED))))
                .onSuccess(token -> {
                    ctx.response().putHeader(SUBJECT_TOKEN, token.id());
                    replies.json(ctx, 201, responses.render(token));
                })
                .onFailure(ctx::fail);
    }

    private void validate(RoutingContext ctx) {
        Token token = subject(ctx);
        ctx.response().putHeader(SUBJECT_TOKEN, token.id());
        replies.json(ctx, 200, responses.render(token));
    }

    private void revoke(RoutingContext ctx) {
        tokens.revoke(subject(ctx).id());
        ctx.response().setStatusCode(204).end();
    }

    private Token subject(RoutingContext ctx) {
        if (tokens.find(ctx.request().getHeader(AUTH_TOKEN)).isEmpty()) {
            throw KeystoneError.unauthorized(KeystoneError.AUTHENTICATION_REQUIRED);
        }
        String subject = ctx.request().getHeader(SUBJECT_TOKEN);
        if (subject == null) {
            throw KeystoneError.badRequest("Expecting to find " + SUBJECT_TOKEN + " in the request headers");
        }
        return tokens.find(subject).orElseThrow(() -> KeystoneError.notFound("Could not find token."));
    }

    private JsonNode body(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw KeystoneError.badRequest("The request body is empty; expected a JSON auth request");
        }
        try {
            return json.readTree(body.getBytes());
        } catch (IOException e) {
            throw KeystoneError.badRequest("The request body is not valid JSON");
        }
    }
}
