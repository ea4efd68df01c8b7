package io.cutover.cli;

import io.cutover.client.CliFailure;
import io.cutover.controller.ApiSecurity;
import io.cutover.controller.CutoverServer;
import io.cutover.controller.RouterTls;
import io.cutover.controller.ServerOptions;
import io.cutover.controller.kubernetes.PodTemplates;
import io.cutover.controller.runtime.RuntimeChoice;
import io.cutover.controller.ha.HaOptions;
import io.cutover.controller.ha.LeaseTimes;
import io.cutover.controller.ha.LeaderView;
import io.cutover.controller.api.tls.TlsFiles;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cutover server}: the controller and its embedded router, in this process, until stopped. */
@Command(name = "server", sortOptions = false,
        description = {"Runs the Cutover server (API, deployment engine, embedded router) until stopped with Ctrl-C.",
            "App instances keep running when the server stops; the next server on the same data directory adopts them."})
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "cutover-data",
            description = "Where the SQLite store (unless --store names another), instance logs, the admin token and "
                    + "the revision-hash key live; created if missing. Default: ./cutover-data.")
    Path dataDir;

    @Option(names = "--store", paramLabel = "URL",
            description = "Where the store is: sqlite:DIR, postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE or "
                    + "jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER (docs/store.md). Default: SQLite in --data-dir.")
    @Nullable String store;

    @Option(names = StoreArgument.PASSWORD_FILE, paramLabel = "FILE",
            description = StoreArgument.PASSWORD_FILE_HELP)
    @Nullable Path storePasswordFile;

    @Option(names = "--runtime", paramLabel = "RUNTIME", defaultValue = "local",
            description = "Where app instances run: local (processes on this host) or kubernetes (pods of the cluster "
                    + "that fabric8's configuration finds: in-cluster service account, KUBECONFIG or ~/.kube/config; "
                    + "docs/kubernetes.md). Default: ${DEFAULT-VALUE}.")
    String runtime;

    @Option(names = "--namespace", paramLabel = "NAMESPACE",
            description = "With --runtime kubernetes: the namespace of the apps' ReplicaSets and pods. Default: the "
                    + "configuration's (in a pod: its own), else default.")
    @Nullable String namespace;

    @Option(names = "--kubernetes-api", paramLabel = "URL",
            description = "With --runtime kubernetes: the API server's URL instead of the configuration's.")
    @Nullable String kubernetesApi;

    @Option(names = "--identity-image", paramLabel = "IMAGE",
            description = "With --runtime kubernetes: the image of each pod's identity container, whose httpd tells "
                    + "routers who the pod is (busybox's). Default: " + PodTemplates.DEFAULT_IDENTITY_IMAGE + ".")
    @Nullable String identityImage;

    @Option(names = "--api-addr", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            defaultValue = "127.0.0.1:7700",
            description = "Where the API listens (:PORT means 127.0.0.1; port 0 picks a free one). Default: ${DEFAULT-VALUE}.")
    HostPort apiAddr;

    @Option(names = "--router-addr", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            defaultValue = "0.0.0.0:8080",
            description = "Where the embedded router listens (:PORT means 0.0.0.0; port 0 picks a free one). Default: ${DEFAULT-VALUE}.")
    HostPort routerAddr;

    @ArgGroup(exclusive = false)
    @Nullable RouterTlsOptions routerTls;

    /** {@code --router-tls-addr}, and {@code --router-tls-dir} only with it. */
    static final class RouterTlsOptions {
        @Option(names = "--router-tls-addr", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, required = true,
                description = "A second listener of the embedded router, for HTTPS (HTTP/1.1 and HTTP/2 by ALPN) with the "
                        + "certificates of --router-tls-dir and those added through the API (cutover certs add) (:PORT means "
                        + "0.0.0.0). Default: none.")
        HostPort address;

        @Option(names = "--router-tls-dir", paramLabel = "DIR",
                description = "Certificates of the embedded router: NAME.crt + NAME.key pairs (PEM), chosen by the SNI host "
                        + "name, default.crt for other clients, reloaded when they change (docs/router.md). Default: none, "
                        + "only the certificates added through the API.")
        @Nullable Path dir;
    }

    @Option(names = "--no-router", description = "Runs without the embedded router (stand-alone routers connect instead).")
    boolean noRouter;

    @Option(names = "--router-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "A router silent this long stops counting: its acknowledgements are no longer waited for. Default: ${DEFAULT-VALUE}.")
    java.time.Duration routerTimeout;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "tokens",
            description = "tokens (default): every call needs an API token (docs/security.md); none: no checks, "
                    + "allowed only with a loopback --api-addr.")
    String auth;

    @Option(names = "--metrics-open", description = "Serves /metrics without a token (for a scraper on a trusted network).")
    boolean metricsOpen;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "Controllers on one store: the leader's lease lapses this long after its last renewal, and "
                    + "a follower takes over (docs/ha.md). Default: ${DEFAULT-VALUE}.")
    java.time.Duration leaseTtl;

    @Option(names = "--lease-renew", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1s",
            description = "How often the leader renews its lease and followers look at it; at most half --lease-ttl. "
                    + "Default: ${DEFAULT-VALUE}.")
    java.time.Duration leaseRenew;

    @Option(names = "--advertise-url", paramLabel = "URL",
            description = "Where clients and followers send calls while this controller leads. Default: the API's "
                    + "address (this host's name when it listens on every address).")
    @Nullable String advertiseUrl;

    @ArgGroup(exclusive = false)
    @Nullable Tls tls;

    /** {@code --tls-cert} and {@code --tls-key}: both or neither. */
    static final class Tls {
        @Option(names = "--tls-cert", paramLabel = "FILE", required = true,
                description = "The API's certificate (PEM, chain allowed): the API serves HTTPS only, and reloads the files when they change. Needs --tls-key.")
        Path certificate;

        @Option(names = "--tls-key", paramLabel = "FILE", required = true,
                description = "The certificate's private key (PEM: PKCS#8, RSA or EC, unencrypted).")
        Path key;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!"tokens".equals(auth) && !"none".equals(auth)) {
            err.println("cutover: --auth: '" + auth + "' (expected: tokens or none)");
            err.flush();
            return CliFailure.USAGE;
        }
        ServerOptions options;
        try {
            options = options(System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("cutover: " + e.getMessage());
            err.flush();
            return CliFailure.USAGE;
        }
        CutoverServer server;
        try {
            server = CutoverServer.start(options);
        } catch (RuntimeException e) {
            err.println("cutover: cannot start the server: " + startFailure(e, options));
            err.flush();
            return CliFailure.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cutover-server-shutdown"));
        InetSocketAddress router = server.routerAddress();
        InetSocketAddress routerTlsAddress = server.routerTlsAddress();
        out.println("cutover server: API on " + url(options.apiTls() == null ? "http" : "https", server.apiAddress())
                + ", router " + (router == null ? "off" : "on " + url(router))
                + (routerTlsAddress == null ? "" : " and " + url("https", routerTlsAddress))
                + ", data in " + options.dataDir() + (options.store() == null ? "" : ", store " + options.store()));
        out.println("cutover server: dashboard at " + url(options.apiTls() == null ? "http" : "https", server.apiAddress()) + "/");
        LeaderView leader = server.leader();
        out.println("cutover server: controller " + leader.controller() + ", " + (leader.leading()
                ? "leader in term " + leader.term()
                : "follower (controller " + leader.lease().holder() + " leads in term " + leader.lease().term() + ")"));
        if (server.adminTokenWritten() != null) {
            out.println("cutover server: a new admin token is in " + server.adminTokenWritten()
                    + " (the CLI on this machine reads it; cutover tokens create NAME --role ROLE makes others)");
        } else if (!options.security().auth()) {
            out.println("cutover server: --auth none: anyone who reaches " + url(server.apiAddress()) + " may call the API");
        }
        out.flush();
        server.awaitClose();
        return 0;
    }

    /**
     * The server options these flags describe; {@code env} may hold the store's password ({@code PGPASSWORD}).
     *
     * @throws IllegalArgumentException for a bad {@code --store}, naming the option and the problem
     */
    ServerOptions options(Map<String, String> env) {
        if (store == null && storePasswordFile != null) {
            throw new IllegalArgumentException(StoreArgument.PASSWORD_FILE + ": there is no --store to give a password to");
        }
        ServerOptions defaults = ServerOptions.defaults();
        return new ServerOptions(
                dataDir.toAbsolutePath().normalize(),
                apiAddr.hostOr(defaults.apiHost()), apiAddr.port(),
                routerAddr.hostOr(defaults.routerHost()), routerAddr.port(),
                !noRouter, routerTimeout == null ? ServerOptions.DEFAULT_ROUTER_TIMEOUT : routerTimeout,
                new ApiSecurity(!"none".equals(auth), metricsOpen,
                        tls == null ? null : new TlsFiles(tls.certificate, tls.key).absolute()),
                store == null ? null : StoreArgument.resolve("--store", store, storePasswordFile, env),
                new HaOptions(new LeaseTimes(leaseTtl == null ? LeaseTimes.DEFAULTS.ttl() : leaseTtl,
                        leaseRenew == null ? LeaseTimes.DEFAULTS.renew() : leaseRenew), advertised()),
                runtimeChoice(), routerTls());
    }

    private @Nullable RouterTls routerTls() {
        if (routerTls == null) {
            return null;
        }
        if (noRouter) {
            throw new IllegalArgumentException("--router-tls-addr: there is no embedded router with --no-router");
        }
        return new RouterTls(routerTls.address.hostOr("0.0.0.0"), routerTls.address.port(),
                routerTls.dir == null ? null : routerTls.dir.toAbsolutePath().normalize());
    }

    private RuntimeChoice runtimeChoice() {
        switch (runtime.strip()) {
            case "local" -> {
                if (namespace != null) {
                    throw new IllegalArgumentException("--namespace: only with --runtime kubernetes");
                }
                if (kubernetesApi != null) {
                    throw new IllegalArgumentException("--kubernetes-api: only with --runtime kubernetes");
                }
                if (identityImage != null) {
                    throw new IllegalArgumentException("--identity-image: only with --runtime kubernetes");
                }
                return RuntimeChoice.LOCAL;
            }
            case "kubernetes" -> {
                if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                    throw new IllegalArgumentException("--namespace: \"" + namespace
                            + "\" (expected: a Kubernetes namespace: lower-case letters, digits and '-', at most 63)");
                }
                if (identityImage != null && !identityImage.matches("[^\\s]+")) {
                    throw new IllegalArgumentException("--identity-image: \"" + identityImage + "\" (expected: an image reference, "
                            + "such as " + PodTemplates.DEFAULT_IDENTITY_IMAGE + " or registry.example/busybox:1.37)");
                }
                return identityImage == null ? new RuntimeChoice.Kubernetes(namespace, kubernetesApi)
                        : new RuntimeChoice.Kubernetes(namespace, kubernetesApi, identityImage);
            }
            default -> throw new IllegalArgumentException("--runtime: \"" + runtime + "\" (expected: local or kubernetes)");
        }
    }

    private java.net.@Nullable URI advertised() {
        if (advertiseUrl == null) {
            return null;
        }
        try {
            return new java.net.URI(advertiseUrl.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--advertise-url: \"" + advertiseUrl + "\" (expected: http://HOST:PORT or https://HOST:PORT)");
        }
    }

    static String url(InetSocketAddress address) {
        return url("http", address);
    }

    static String url(String scheme, InetSocketAddress address) {
        String host = address.getHostString();
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String startFailure(RuntimeException failure, ServerOptions options) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "an address is already in use (API " + options.apiHost() + ":" + options.apiPort()
                        + (options.routerEnabled() ? ", router " + options.routerHost() + ":" + options.routerPort() : "")
                        + "): " + t.getMessage() + " — is another server running? Choose others with --api-addr/--router-addr";
            }
        }
        return CliFailure.reason(failure);
    }
}
