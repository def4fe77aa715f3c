package io.sluice.northbound;

import io.sluice.controller.Controller;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The northbound HTTP server (Vert.x Web on Netty); today it serves the operator status API. */
final class ApiServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private HttpServer server;

    InetSocketAddress start(Controller controller, InetSocketAddress listen) throws Exception {
        Router router = Router.router(vertx);
        new StatusApi(controller).mount(router);
        server = vertx.createHttpServer().requestHandler(router)
                .listen(listen.getPort(), listen.getHostString())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new InetSocketAddress(listen.getHostString(), server.actualPort());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
