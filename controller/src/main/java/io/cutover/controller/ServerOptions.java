package io.cutover.controller;

import static java.util.Objects.requireNonNull;

import io.cutover.controller.api.tls.TlsFiles;
import io.cutover.controller.ha.HaOptions;
import io.cutover.controller.store.StoreUrl;
import io.cutover.controller.runtime.RuntimeChoice;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link CutoverServer} starts: where it keeps data and where it listens.
 *
 * @param dataDir the data directory (the SQLite store unless {@code store} names another, instance logs,
 *     the admin token, the revision-hash key); created if missing. Default {@code ./cutover-data}
 * @param apiHost the API's bind address. Default {@code 127.0.0.1}: the API starts processes on this
 *     host, so it is not exposed unless asked
 * @param apiPort the API's port, 0 for a free one. Default 7700
 * @param routerHost the embedded router's bind address. Default {@code 0.0.0.0}
 * @param routerPort the embedded router's port, 0 for a free one. Default 8080
 * @param routerEnabled whether to run the embedded router. Default true
 * @param routerTimeout a router silent this long stops counting (its acknowledgements are no longer
 *     waited for). Default 5 s
 * @param security tokens, TLS and {@code /metrics} for the API. Default: tokens, no TLS (loopback only)
 * @param store where the store is ({@code --store}), or null for the default: SQLite in {@code dataDir}
 * @param ha the leader lease's timing and the address this controller advertises while it leads
 * @param runtime where instances run. Default: processes on this host
 * @param routerTls the embedded router's TLS listener and the certificate directory it serves, or null
 *     for none (the default)
 */
public record ServerOptions(
        Path dataDir, String apiHost, int apiPort, String routerHost, int routerPort, boolean routerEnabled,
        java.time.Duration routerTimeout, ApiSecurity security, @Nullable StoreUrl store, HaOptions ha, RuntimeChoice runtime,
        @Nullable RouterTls routerTls) {

    /** The default router timeout. */
    public static final java.time.Duration DEFAULT_ROUTER_TIMEOUT = java.time.Duration.ofSeconds(5);

    /** Options with the default router timeout and security. */
    public ServerOptions(Path dataDir, String apiHost, int apiPort, String routerHost, int routerPort, boolean routerEnabled) {
        this(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, DEFAULT_ROUTER_TIMEOUT);
    }

    /** Options with the default lease timing, advertising the API's own address. */
    public ServerOptions(Path dataDir, String apiHost, int apiPort, String routerHost, int routerPort, boolean routerEnabled,
            java.time.Duration routerTimeout, ApiSecurity security, @Nullable StoreUrl store) {
        this(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, store, HaOptions.DEFAULTS,
                RuntimeChoice.LOCAL, null);
    }

    /** Options with the default store: SQLite in the data directory. */
    public ServerOptions(Path dataDir, String apiHost, int apiPort, String routerHost, int routerPort, boolean routerEnabled,
            java.time.Duration routerTimeout, ApiSecurity security) {
        this(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, null);
    }

    /** Options with the default security. */
    public ServerOptions(Path dataDir, String apiHost, int apiPort, String routerHost, int routerPort, boolean routerEnabled,
            java.time.Duration routerTimeout) {
        this(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, ApiSecurity.defaults());
    }

    public ServerOptions {
        requireNonNull(routerTimeout, "routerTimeout");
        if (routerTimeout.isNegative() || routerTimeout.isZero()) {
            throw new IllegalArgumentException("routerTimeout: " + routerTimeout + " (expected: > 0)");
        }
        requireNonNull(dataDir, "dataDir");
        requireNonNull(security, "security");
        requireNonNull(ha, "ha");
        requireNonNull(runtime, "runtime");
        requireNonNull(apiHost, "apiHost");
        requireNonNull(routerHost, "routerHost");
        checkPort("apiPort", apiPort);
        checkPort("routerPort", routerPort);
    }

    /** The defaults: {@code ./cutover-data}, API on 127.0.0.1:7700, router on 0.0.0.0:8080. */
    public static ServerOptions defaults() {
        return new ServerOptions(Path.of("cutover-data"), "127.0.0.1", 7700, "0.0.0.0", 8080, true);
    }

    public ServerOptions withDataDir(Path dir) {
        return new ServerOptions(dir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, store, ha, runtime, routerTls);
    }

    public ServerOptions withApi(String host, int port) {
        return new ServerOptions(dataDir, host, port, routerHost, routerPort, routerEnabled, routerTimeout, security, store, ha, runtime, routerTls);
    }

    public ServerOptions withRouter(String host, int port) {
        return new ServerOptions(dataDir, apiHost, apiPort, host, port, routerEnabled, routerTimeout, security, store, ha, runtime, routerTls);
    }

    public ServerOptions withoutRouter() {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, false, routerTimeout, security, store, ha, runtime, routerTls);
    }

    public ServerOptions withRouterTimeout(java.time.Duration timeout) {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, timeout, security, store, ha, runtime, routerTls);
    }

    public ServerOptions withSecurity(ApiSecurity security) {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, store, ha, runtime, routerTls);
    }

    /** These options with the store {@code url} names, or the default (SQLite in the data directory) for null. */
    public ServerOptions withStore(@Nullable StoreUrl url) {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, url, ha, runtime, routerTls);
    }

    /** These options with {@code ha} for the leader lease and the advertised address. */
    public ServerOptions withHa(HaOptions ha) {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, store, ha, runtime, routerTls);
    }

    /** These options with instances run where {@code runtime} says. */
    public ServerOptions withRuntime(RuntimeChoice runtime) {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, store, ha,
                runtime, routerTls);
    }

    /** These options with a TLS listener for the embedded router, or none for null. */
    public ServerOptions withRouterTls(@Nullable RouterTls tls) {
        return new ServerOptions(dataDir, apiHost, apiPort, routerHost, routerPort, routerEnabled, routerTimeout, security, store, ha,
                runtime, tls);
    }

    /** The store the server opens: {@link #store}, or SQLite in the data directory. */
    public StoreUrl storeUrl() {
        return store != null ? store : new StoreUrl.Sqlite(dataDir);
    }

    /** These options with the API over HTTPS with {@code tls}, or plain HTTP for null. */
    public ServerOptions withApiTls(@Nullable TlsFiles tls) {
        return withSecurity(security.withTls(tls));
    }

    /** The API's certificate and key, or null for plain HTTP. */
    public @Nullable TlsFiles apiTls() {
        return security.tls();
    }

    private static void checkPort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + ": " + port + " (expected: 0..65535)");
        }
    }
}
