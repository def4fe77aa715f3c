package io.sluice.northbound.viewer;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The viewer page's files, bundled at build time into the jar under {@code viewer/} and held in memory: a
 * handful of files, served with an ETag so a reload costs a 304, and nothing fetched from anywhere else.
 */
final class ViewerAssets {
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "viewer.js", "text/javascript; charset=utf-8",
            "viewer.css", "text/css; charset=utf-8");

    /** The page may load and call nothing but this origin; Cytoscape sets inline styles on its canvas. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    private record Asset(Buffer body, String type, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** Fails when the jar was built without the page, rather than serving a viewer that cannot load. */
    static ViewerAssets fromClasspath() {
        ViewerAssets loaded = new ViewerAssets();
        TYPES.forEach((name, type) -> {
            byte[] body = read("viewer/" + name);
            loaded.assets.put(name, new Asset(Buffer.buffer(body), type, etag(body)));
        });
        return loaded;
    }

    /** Serves {@code /viewer/NAME}; {@code /viewer/} is the page. */
    void serve(RoutingContext ctx, String name) {
        Asset asset = assets.get(name.isEmpty() ? "index.html" : name);
        if (asset == null) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("no such viewer file");
            return;
        }
        ctx.response().putHeader("ETag", asset.etag()).putHeader("Cache-Control", "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (asset.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", asset.type()).end(asset.body());
    }

    private static byte[] read(String resource) {
        try (InputStream in = ViewerAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the viewer's " + resource + " is not in the jar: build it with "
                        + "Maven (northbound/viewer is bundled by npm during generate-resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
