package io.cutover.cli;

import io.cutover.client.CliFailure;
import io.cutover.core.tls.PemTrust;
import io.cutover.router.Router;
import io.cutover.router.RouterOptions;
import io.cutover.router.link.ControllerLink;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover router}: a stand-alone router that follows a controller's route table, in this process,
 * until stopped.
 */
@Command(name = "router", sortOptions = false,
        description = {"Runs a stand-alone router that follows the route table of a Cutover controller, until stopped with Ctrl-C.",
            "It keeps serving its last table while the controller is unreachable, and serves it at once after a restart."})
final class RouterCommand implements Callable<Integer> {

    /** Test hook: a host whose tables this router refuses (NACKs), to exercise the controller's handling. */
    static final String REJECT_HOST_ENV = "CUTOVER_ROUTER_REJECT_HOST";

    @Spec
    CommandSpec spec;

    @Option(names = "--controller", required = true, paramLabel = "URL[,URL…]", converter = ClientCommand.ServerConverter.class,
            split = ",", description = "The controller's API, e.g. http://127.0.0.1:7700 (HOST:PORT means http://HOST:PORT); "
                    + "or every controller of one store, comma-separated: the router follows the leader among them.")
    List<URI> controllers;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            defaultValue = "0.0.0.0:8080",
            description = "Where the router listens (:PORT means 0.0.0.0; port 0 picks a free one). Default: ${DEFAULT-VALUE}.")
    HostPort listen;

    @ArgGroup(exclusive = false)
    @Nullable ListenTls listenTls;

    /** {@code --listen-tls}, and {@code --tls-dir} only with it. */
    static final class ListenTls {
        @Option(names = "--listen-tls", paramLabel = "HOST:PORT", converter = HostPort.Converter.class, required = true,
                description = "A second listener, for HTTPS (HTTP/1.1 and HTTP/2 by ALPN) with the certificates of --tls-dir "
                        + "and those added through the API (cutover certs add) (:PORT means 0.0.0.0). Default: none.")
        HostPort address;

        @Option(names = "--tls-dir", paramLabel = "DIR",
                description = "Certificates of --listen-tls: NAME.crt + NAME.key pairs (PEM), each chosen for the DNS names "
                        + "of its certificate by SNI, default.crt for other clients; reloaded when they change (docs/router.md). "
                        + "Default: none, only the certificates added through the API.")
        @Nullable Path dir;
    }

    @Option(names = "--https-port", paramLabel = "PORT",
            description = "The port in redirects to HTTPS (routes with https.redirect), when clients reach --listen-tls on "
                    + "another port than its own (a load balancer in front). Default: --listen-tls's port, else 443.")
    int httpsPort;

    @Option(names = "--id", paramLabel = "NAME",
            description = "The router's id among the controller's routers. Default: HOSTNAME-PORT.")
    @Nullable String id;

    @Option(names = "--advertise", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "The address the controller lists for this router. Default: the listen address, with 127.0.0.1 for 0.0.0.0.")
    @Nullable HostPort advertise;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event-loop threads that carry the traffic. Default: one per CPU.")
    int ioThreads;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding this router's token (cutover tokens create NAME --role router). "
                    + "Default: $CUTOVER_TOKEN, else $CUTOVER_TOKEN_FILE; none for a controller run with --auth none.")
    @Nullable Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "For an https controller: the PEM certificate(s) to trust, its CA's or its own. Default: $"
                    + PemTrust.ENVIRONMENT + ", else the JDK's trust store.")
    @Nullable Path tlsCa;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the last applied table is kept; created if missing. Default: ./cutover-router-data/ID.")
    @Nullable Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (id != null && id.isBlank()) {
            return usage(err, "--id: '" + id + "' (expected: a name, not blank)");
        }
        if (ioThreads < 0 || ioThreads > 1024) {
            return usage(err, "--io-threads: " + ioThreads + " (expected: 1..1024, or 0 for one per CPU)");
        }
        String token;
        try {
            token = TokenSource.given(tokenFile, System.getenv());
        } catch (CliFailure failure) {
            return usage(err, failure.getMessage());
        }
        SSLContext tls;
        try {
            tls = PemTrust.fromOptionOrEnvironment(tlsCa, System.getenv());
        } catch (IllegalArgumentException e) {
            return usage(err, (tlsCa != null ? "--tls-ca: " : "") + e.getMessage());
        }
        String bindHost = listen.hostOr("0.0.0.0");
        Router router;
        try {
            RouterOptions.Builder options = RouterOptions.builder().bindHost(bindHost).port(listen.port());
            if (ioThreads > 0) {
                options.ioThreads(ioThreads);
            }
            options.httpsPort(httpsPort);
            if (listenTls != null) {
                options.tls(listenTls.address.hostOr("0.0.0.0"), listenTls.address.port(),
                        listenTls.dir == null ? null : listenTls.dir.toAbsolutePath().normalize());
            }
            router = Router.start(options.build());
        } catch (IllegalArgumentException e) {
            return failed(err, "cannot start the router: " + e.getMessage());
        } catch (RuntimeException e) {
            return failed(err, startFailure(e, bindHost, listen.port()));
        }
        InetSocketAddress address = router.address();
        String routerId = id != null ? id.strip() : defaultId(address.getPort());
        String advertised = advertisedAddress(advertise, bindHost, address.getPort());
        Path state = (stateDir != null ? stateDir : Path.of("cutover-router-data", routerId)).toAbsolutePath().normalize();
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            router.close();
            return failed(err, "cannot create the state directory " + state + ": " + e);
        }
        ControllerLink link;
        try {
            link = ControllerLink.builder(router, controllers.get(0), routerId, advertised).controllers(controllers)
                    .stateDirectory(state)
                    .token(token)
                    .tls(tls)
                    .rejectHost(System.getenv(REJECT_HOST_ENV))
                    .start();
        } catch (RuntimeException e) {
            router.close();
            return failed(err, "cannot start the router: " + CliFailure.reason(e));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            link.close();
            router.close();
            stopped.countDown();
        }, "cutover-router-shutdown"));
        // The bound address may read as [::] for 0.0.0.0 on a dual-stack socket: print what was asked for.
        InetSocketAddress tlsAddress = router.tlsAddress();
        out.println("cutover router " + routerId + ": listening on "
                + ServerCommand.url(InetSocketAddress.createUnresolved(bindHost, address.getPort()))
                + (tlsAddress == null ? "" : " and " + ServerCommand.url("https",
                        InetSocketAddress.createUnresolved(listenTls.address.hostOr("0.0.0.0"), tlsAddress.getPort())))
                + ", controller " + controllers.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(","))
                + ", state in " + state);
        out.flush();
        stopped.await();
        return 0;
    }

    /** {@code HOST:PORT} as the controller lists this router: what was asked, else where it listens. */
    static String advertisedAddress(@Nullable HostPort advertise, String bindHost, int listenPort) {
        String listenHost = bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]")
                ? "127.0.0.1" : bindHost;
        String host = advertise == null ? listenHost : advertise.hostOr(listenHost);
        int port = advertise == null || advertise.port() == 0 ? listenPort : advertise.port();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The machine's name and the port, e.g. {@code web-3-8080}. */
    static String defaultId(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "router";
        }
        int dot = host.indexOf('.');
        return (dot > 0 ? host.substring(0, dot) : host) + "-" + port;
    }

    private static String startFailure(RuntimeException failure, String bindHost, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // Netty's epoll transport reports EADDRINUSE as a plain IOException.
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return "cannot listen on " + bindHost + ":" + port
                        + ": the address is already in use — is another router running? Choose another with --listen";
            }
        }
        return "cannot start the router: " + CliFailure.reason(failure);
    }

    private static int failed(PrintWriter err, String message) {
        err.println("cutover: " + message);
        err.flush();
        return CliFailure.FAILED;
    }

    private int usage(PrintWriter err, String message) {
        err.println("cutover: " + message);
        err.println("Run 'cutover router --help' for usage.");
        err.flush();
        return CliFailure.USAGE;
    }
}
