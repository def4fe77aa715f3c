package io.sluice.northbound;

import io.sluice.controller.Controller;
import io.sluice.northbound.keystone.AdminCredentials;
import io.sluice.northbound.keystone.IdentityFile;
import io.sluice.northbound.keystone.IdentityStore;
import io.sluice.northbound.keystone.KeystoneService;
import io.sluice.northbound.keystone.PasswordHasher;
import io.sluice.northbound.neutron.AgentView;
import io.sluice.northbound.neutron.NeutronApi;
import io.sluice.northbound.neutron.NeutronConfig;
import io.sluice.northbound.viewer.ViewerApi;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The northbound's HTTP services (Vert.x Web on Netty) on their listeners: the identity service, and the
 * network API with the operator status, the audit and the topology viewer under it.
 */
final class Northbound implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private InetSocketAddress apiAddress;
    private InetSocketAddress keystoneAddress;
    private Optional<AdminCredentials> generatedAdmin = Optional.empty();
    private ViewerApi viewer;

    void start(Controller controller, NorthboundConfig config) throws Exception {
        URI apiUrl = config.apiUrl(config.apiListen().getPort());
        URI keystoneUrl = config.apiUrl(config.keystoneListen().getPort());
        Files.createDirectories(config.stateDir());
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS, new SecureRandom());
        IdentityFile.Loaded identity = new IdentityFile(hasher, new SecureRandom()).loadOrCreate(
                config.stateDir().resolve("identity.json"), config.stateDir().resolve("admin-openrc"), keystoneUrl);
        generatedAdmin = identity.generatedAdmin();
        IdentityStore identityStore = new IdentityStore(identity.config(), hasher);
        KeystoneService keystone = new KeystoneService(identityStore,
                Clock.systemUTC(), config.tokenTtl(), apiUrl, keystoneUrl);
        keystoneAddress = listen(keystone.router(vertx), config.keystoneListen());

        Router api = Router.router(vertx);
        new StatusApi(controller).mount(api);
        new AuditApi(keystone.validator(), () -> controller.auditor().run()).mount(api);
        NeutronConfig neutron = NeutronConfig.defaults().withVniRange(config.vniMin(), config.vniMax())
                .withUnderlayMtu(config.underlayMtu()).withBaseUrl(stripSlash(apiUrl))
                .withDatapathType(config.datapathType())
                .withPhysicalNetworks(config.physicalNetworks(), config.physicalMtu())
                .withTenantNetworks(config.tenantNetworkType(), config.mplsEncapsulation(), config.labelQuarantine());
        new NeutronApi(controller.tenants(), keystone.validator(), AgentView.of(controller.agents()), neutron)
                .mount(api);
        viewer = new ViewerApi(controller, keystone, identityStore.projectNames());
        viewer.mount(vertx, api);
        apiAddress = listen(api, config.apiListen());
    }

    private static String stripSlash(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    InetSocketAddress apiAddress() {
        return apiAddress;
    }

    InetSocketAddress keystoneAddress() {
        return keystoneAddress;
    }

    /** The admin credentials generated at this start, if the identity file was created now. */
    Optional<AdminCredentials> generatedAdmin() {
        return generatedAdmin;
    }

    private InetSocketAddress listen(Router router, InetSocketAddress address) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(router)
                .listen(address.getPort(), address.getHostString())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new InetSocketAddress(address.getHostString(), server.actualPort());
    }

    @Override
    public void close() throws Exception {
        if (viewer != null) {
            viewer.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
