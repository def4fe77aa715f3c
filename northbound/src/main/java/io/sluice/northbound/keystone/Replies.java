package io.sluice.northbound.keystone;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers, errors in Keystone's shape. */
final class Replies {
    private final ObjectMapper json;

    record ErrorBody(@JsonProperty("error") Error error) {
    }

    record Error(@JsonProperty("code") int code, @JsonProperty("title") String title,
                 @JsonProperty("message") String message) {
    }

    Replies(ObjectMapper json) {
        this.json = json;
    }

    void json(RoutingContext ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            ctx.fail(e);
            return;
        }
        HttpServerResponse response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", String.valueOf(bytes.length));
        // HEAD shares the GET handlers; Vert.x would send a body given to it even for HEAD.
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(Buffer.buffer(bytes));
        }
    }

    void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new ErrorBody(new Error(status, HttpResponseStatus.valueOf(status).reasonPhrase(), message)));
    }
}
