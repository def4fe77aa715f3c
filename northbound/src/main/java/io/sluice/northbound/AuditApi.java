package io.sluice.northbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.controller.audit.AuditFinding;
import io.sluice.controller.audit.AuditReport;
import io.sluice.northbound.keystone.AuthContext;
import io.sluice.northbound.keystone.TokenValidator;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /sluice/v1/audit}, for admins only (an admin Keystone token in X-Auth-Token): the audit's drift and
 * leak counts and every finding, as {@code {"drift": N, "leaks": K, "details": [...]}}.
 */
final class AuditApi {
    static final String PATH = "/sluice/v1/audit";
    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);

    private final TokenValidator tokens;
    private final Supplier<CompletableFuture<AuditReport>> audit;
    private final ObjectMapper json = new ObjectMapper();

    AuditApi(TokenValidator tokens, Supplier<CompletableFuture<AuditReport>> audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    void mount(Router router) {
        // Blocking: the audit lists the store before it reads the switches.
        router.get(PATH).blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext ctx) {
        Optional<AuthContext> auth = tokens.validateHeader(ctx.request().getHeader("X-Auth-Token"));
        if (auth.isEmpty()) {
            error(ctx, 401, "The request you have made requires authentication.");
            return;
        }
        if (!auth.get().isAdmin()) {
            error(ctx, 403, "The audit is for admins only.");
            return;
        }
        CompletableFuture<AuditReport> report;
        try {
            report = audit.get();
        } catch (RuntimeException e) {
            report = CompletableFuture.failedFuture(e);
        }
        report.whenComplete((done, failure) -> {
            if (failure != null) {
                log.warn("audit failed", failure);
                error(ctx, 503, "The audit could not read everything it compares: " + failure.getMessage());
            } else {
                write(ctx, 200, body(done));
            }
        });
    }

    static Map<String, Object> body(AuditReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("drift", report.drift());
        body.put("leaks", report.leaks());
        body.put("details", report.findings().stream().map(AuditApi::describe).toList());
        return body;
    }

    private static Map<String, Object> describe(AuditFinding finding) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", finding.type().name().toLowerCase(Locale.ROOT));
        view.put("area", finding.area());
        view.put("subject", finding.subject());
        view.put("count", finding.count());
        view.put("detail", finding.detail());
        return view;
    }

    private void error(RoutingContext ctx, int status, String message) {
        write(ctx, status, Map.of("error", Map.of("code", status, "message", message)));
    }

    private void write(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
