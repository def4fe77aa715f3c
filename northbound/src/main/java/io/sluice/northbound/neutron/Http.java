package io.sluice.northbound.neutron;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.sluice.controller.store.ConflictException;
import io.sluice.controller.store.StoreUnavailableException;
import io.sluice.models.tenant.NeutronFault;
import io.sluice.models.tenant.ValidationException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge of the Neutron API: runs a handler, writes its reply as JSON, and turns every failure into a
 * NeutronError body with Neutron's status. An exception that is not a client error is a bug: it is logged with
 * its stack and answered 500, still as a NeutronError.
 */
final class Http {
    private static final Logger log = LoggerFactory.getLogger(Http.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    static void respond(RoutingContext ctx, Supplier<Reply> handler) {
        Reply reply;
        try {
            reply = handler.get();
        } catch (NeutronFault fault) {
            reply = error(fault.status(), fault.type(), fault.getMessage());
        } catch (ValidationException invalid) {
            reply = error(400, "HTTPBadRequest", invalid.getMessage());
        } catch (StoreUnavailableException unavailable) {
            log.warn("{} {}: store unavailable: {}", ctx.request().method(), ctx.request().path(),
                    unavailable.getMessage());
            reply = error(503, "ServiceUnavailable", "The service is unavailable.");
        } catch (ConflictException conflict) {
            log.warn("{} {}: gave up after repeated conflicts: {}", ctx.request().method(), ctx.request().path(),
                    conflict.getMessage());
            reply = error(409, "Conflict", "The request conflicted with concurrent changes; please retry.");
        } catch (RuntimeException bug) {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), bug);
            reply = internalError();
        }
        write(ctx, reply);
    }

    static Reply error(int status, String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        error.put("detail", "");
        return new Reply(status, Map.of("NeutronError", error));
    }

    static Reply internalError() {
        return error(500, "HTTPInternalServerError",
                "Request Failed: internal server error while processing your request.");
    }

    static void write(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response().setStatusCode(reply.status());
        if (reply.body() == null) {
            response.end();
            return;
        }
        try {
            response.putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(reply.body()));
        } catch (JsonProcessingException e) {
            log.error("cannot write the reply to {} {}", ctx.request().method(), ctx.request().path(), e);
            response.setStatusCode(500).end();
        }
    }

    /** The query parameters in order, a repeated key once per value. */
    static List<Map.Entry<String, String>> params(RoutingContext ctx) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        String query = ctx.request().query();
        if (query != null) {
            new QueryStringDecoder(query, false).parameters().forEach((key, values) ->
                    values.forEach(value -> params.add(Map.entry(key, value))));
        }
        return params;
    }

    /** The request's URL without its query: the configured root (if any) and the path. */
    static String pathUrl(RoutingContext ctx, String baseUrl) {
        return root(ctx, baseUrl) + ctx.request().path();
    }

    /** Where clients reach the API: the configured base URL, else the scheme and Host of the request. */
    static String root(RoutingContext ctx, String baseUrl) {
        if (baseUrl != null) {
            return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        }
        return ctx.request().scheme() + "://" + ctx.request().authority();
    }
}
