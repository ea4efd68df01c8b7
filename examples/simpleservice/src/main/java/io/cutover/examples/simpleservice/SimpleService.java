package io.cutover.examples.simpleservice;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example app that Cutover deploys in its demo, tests and benchmarks: a JDK-only HTTP service
 * that starts fast, says which instance and version answered, and can be told to misbehave.
 *
 * <p>Endpoints, all answering JSON:
 * <ul>
 *   <li>{@code GET /endpoint0}: {@code {"host": "<address>:<port>", "version": ..., "result": "all is well"}};
 *       a {@code FAIL_RATE} fraction is answered 500 instead; each answer comes {@code LATENCY_MS} late.
 *   <li>{@code GET /health}: 200 {@code {"healthy": true}} after a random delay of {@code HEALTH_MIN} to
 *       {@code HEALTH_MAX} ms; 500 {@code {"healthy": false}} while unhealthy.
 *   <li>{@code POST /admin/health?healthy=false|true}: sets the health of the running process.
 *   <li>{@code GET /counter}: {@code {"counter": n, "version": ...}}, the state of this process;
 *       {@code POST /counter} adds one; {@code POST /counter/save} answers the value as plain text (a
 *       hand-off hook's output), which a new process restores from {@code CUTOVER_HANDOFF}.
 *   <li>{@code GET /stats}: {@code {"requests": {"GET": n, ...}, "mirrored": m}}: the requests served so
 *       far by method, and how many of them were copies a router mirrored ({@code X-Cutover-Mirror});
 *       {@code /stats}, {@code /health} and {@code /ready} themselves are not counted.
 *   <li>{@code GET /ready}: 503 until {@code READY_AFTER_MS} have passed since start (and, with
 *       {@code READY_GATE_DIR}, until the file named after {@code CUTOVER_INSTANCE_ID} exists there), then 200.
 *   <li>{@code GET /slow?ms=N}: answers {@code {"slept": N, "version": ...}} after N ms.
 *   <li>{@code /echo}, any method: the request's method, path, query, headers (names in lower case,
 *       repeated values joined by {@code ", "}) and body, plus the answering host and version.
 *   <li>anything else: 404.
 * </ul>
 *
 * <p>Environment (blank counts as unset): {@code HOST} (default 127.0.0.1), {@code PORT} else
 * {@code PORT0} (default 8080), {@code SIMPLE_SERVICE_VERSION} (default 0.9), {@code HEALTH_MIN},
 * {@code HEALTH_MAX}, {@code HEALTHY} (default true), {@code READY_AFTER_MS}, {@code FAIL_RATE} (0..1), {@code LATENCY_MS},
 * {@code CRASH_AFTER_MS} (default never), {@code CUTOVER_HANDOFF} (the counter's start value, default 0), {@code STARTUP_DELAY_MS} (sleep before binding),
 * {@code DRAIN_SECONDS} (default 1) and {@code QUIET} (default false: one log line per request).
 * Times count from the start of the process.
 *
 * <p>Exit status: 0 after SIGTERM or SIGINT, once requests in flight finished or
 * {@code DRAIN_SECONDS} passed; 1 when {@code CRASH_AFTER_MS} fires or the port cannot be bound;
 * 2 when an environment variable is invalid.
 */
public final class SimpleService {

    private static final int BACKLOG = 1024;
    private static final Reply GET_ONLY = Reply.methodNotAllowed("GET, HEAD");
    private static final Reply POST_ONLY = Reply.methodNotAllowed("POST");
    private static final Reply HEALTHY = new Reply(200, bytes("{\"healthy\": true}"));
    private static final Reply UNHEALTHY = new Reply(500, bytes("{\"healthy\": false}"));
    private static final Reply TURNED_UNHEALTHY = new Reply(200, bytes("{\"healthy\": false}"));
    private static final Reply READY = new Reply(200, bytes("{\"ready\": true}"));
    private static final Reply NOT_READY = new Reply(503, bytes("{\"ready\": false}"));

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService workers;
    private final String address;
    private final String quotedVersion;
    private final long readyAtNanos;
    private final Reply allIsWell;
    private final Reply injectedFailure;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The stateful part: a counter, restored at start from {@code CUTOVER_HANDOFF}. */
    private final java.util.concurrent.atomic.AtomicLong counter = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, java.util.concurrent.atomic.LongAdder> requestsByMethod = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder mirrored = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean healthy;
    private volatile boolean draining;

    /** Starts the service as the environment says; see the class comment. */
    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        Settings settings;
        try {
            settings = Settings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("simpleservice: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (settings.crashAfterMs().isPresent()) {
            crashAt(startNanos + settings.crashAfterMs().getAsLong() * 1_000_000);
        }
        sleepUntil(startNanos + settings.startupDelayMs() * 1_000_000);
        SimpleService service;
        try {
            service = start(settings, startNanos);
        } catch (IOException e) {
            System.err.println("simpleservice: cannot listen on " + settings.host() + ":" + settings.port() + ": " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "simpleservice-shutdown"));
        Log.line("INFO simpleservice version " + settings.version() + " listening on " + service.address()
                + " pid " + ProcessHandle.current().pid());
    }

    private boolean ready() {
        return System.nanoTime() - readyAtNanos >= 0
                && (settings.readyGate() == null || Files.exists(settings.readyGate()));
    }

    /** Binds the port and starts answering; {@code startNanos} is when the process started. */
    static SimpleService start(Settings settings, long startNanos) throws IOException {
        // The JDK server leaves Nagle's algorithm on, and it writes headers and body separately: each
        // keep-alive response would wait for the client's delayed ACK. It also closes connections past
        // 200 idle ones, which a benchmark with more connections would see as reconnects.
        defaultProperty("sun.net.httpserver.nodelay", "true");
        defaultProperty("sun.net.httpserver.maxIdleConnections", "10000");
        Thread warmUp = new Thread(SimpleService::formatHttpDate, "simpleservice-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), BACKLOG);
        ExecutorService workers = Executors.newCachedThreadPool(new Workers());
        SimpleService service = new SimpleService(settings, server, workers, startNanos);
        server.createContext("/", service.new Dispatch());
        server.setExecutor(workers);
        server.start();
        return service;
    }

    private SimpleService(Settings settings, HttpServer server, ExecutorService workers, long startNanos) {
        this.settings = settings;
        this.server = server;
        this.workers = workers;
        InetSocketAddress bound = server.getAddress();
        String ip = bound.getAddress().getHostAddress();
        this.address = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + bound.getPort();
        this.quotedVersion = Json.quote(settings.version());
        this.readyAtNanos = startNanos + settings.readyAfterMs() * 1_000_000;
        String host = "{\"host\": " + Json.quote(address) + ", \"version\": " + quotedVersion + ", \"result\": ";
        this.allIsWell = new Reply(200, bytes(host + "\"all is well\"}"));
        this.injectedFailure = new Reply(500, bytes(host + "\"injected failure\"}"));
        this.healthy = settings.healthy();
        this.counter.set(settings.handoff());
    }

    /** The bound address as {@code host:port}, as {@code /endpoint0} reports it. */
    String address() {
        return address;
    }

    /** Requests being handled now. */
    int requestsInFlight() {
        return inFlight.get();
    }

    /**
     * Stops accepting connections and waits up to {@code seconds} for the requests in flight; responses
     * sent meanwhile carry {@code Connection: close}. Returns how many requests were still running.
     */
    int drain(int seconds) {
        draining = true;
        // stop() closes the listener at once and then waits for exchanges, but before JDK 21 it waits
        // the whole delay even when none are left. So the requests are counted here, and stop(0) ends
        // the wait; it also ends the dispatcher thread, which the JVM would wait 300 ms for at exit.
        Thread listenerCloser = new Thread(() -> server.stop(seconds), "simpleservice-stop");
        listenerCloser.setDaemon(true);
        listenerCloser.start();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
            sleepUntil(System.nanoTime() + 5_000_000);
        }
        int unfinished = inFlight.get();
        server.stop(0);
        workers.shutdown();
        return unfinished;
    }

    private void shutdown() {
        Log.line("INFO stopping");
        int unfinished = drain(settings.drainSeconds());
        Log.line(unfinished == 0 ? "INFO stopped" : "WARN stopped with " + unfinished + " requests unfinished");
        System.out.flush();
        // A signal would otherwise end the JVM with 128 + signal number; a clean drain is a clean exit.
        Runtime.getRuntime().halt(0);
    }

    /** The one handler: routes, answers, and logs every request. */
    private final class Dispatch implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) {
            long begin = System.nanoTime();
            inFlight.incrementAndGet();
            Reply reply;
            try {
                reply = route(exchange);
            } catch (Requests.BadRequest e) {
                reply = new Reply(400, bytes("{\"error\": " + Json.quote(e.getMessage()) + "}"));
            } catch (IOException | RuntimeException e) {
                reply = new Reply(500, bytes("{\"error\": " + Json.quote(e.toString()) + "}"));
            }
            try {
                reply.send(exchange, draining);
            } catch (IOException e) {
                // The client went away; there is nobody left to tell.
            } finally {
                exchange.close();
                inFlight.decrementAndGet();
            }
            if (!settings.quiet()) {
                long nanos = System.nanoTime() - begin;
                Log.request(reply.status(), exchange.getRequestMethod(), exchange.getRequestURI(), nanos);
            }
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        String path = uri.getPath();
        if (!path.equals("/stats") && !path.equals("/health") && !path.equals("/ready")) {
            requestsByMethod.computeIfAbsent(method, m -> new java.util.concurrent.atomic.LongAdder()).increment();
            if (exchange.getRequestHeaders().containsKey("X-Cutover-Mirror")) {
                mirrored.increment();
            }
        }
        switch (path) {
            case "/stats":
                return read ? stats() : GET_ONLY;
            case "/endpoint0":
                return read ? endpoint0() : GET_ONLY;
            case "/health":
                return read ? health() : GET_ONLY;
            case "/ready":
                return read ? (ready() ? READY : NOT_READY) : GET_ONLY;
            case "/slow":
                return read ? slow(uri.getRawQuery()) : GET_ONLY;
            case "/echo":
                return Requests.echo(exchange, address, quotedVersion);
            case "/counter":
                return read ? counterValue() : method.equals("POST") ? counterValue(counter.incrementAndGet()) : POST_ONLY;
            case "/counter/save":
                return method.equals("POST") ? new Reply(200, bytes(Long.toString(counter.get()))) : POST_ONLY;
            case "/admin/health":
                return method.equals("POST") ? setHealth(uri.getRawQuery()) : POST_ONLY;
            default:
                return new Reply(404, bytes("{\"error\": \"not found\", \"path\": " + Json.quote(uri.getRawPath()) + "}"));
        }
    }

    private Reply endpoint0() {
        if (settings.latencyMs() > 0) {
            sleepUntil(System.nanoTime() + settings.latencyMs() * 1_000_000);
        }
        double failRate = settings.failRate();
        return failRate > 0 && ThreadLocalRandom.current().nextDouble() < failRate ? injectedFailure : allIsWell;
    }

    private Reply counterValue() {
        return counterValue(counter.get());
    }

    private Reply counterValue(long value) {
        return new Reply(200, bytes("{\"counter\": " + value + ", \"version\": " + quotedVersion + "}"));
    }

    private Reply stats() {
        StringBuilder json = new StringBuilder("{\"requests\": {");
        new TreeMap<>(requestsByMethod).forEach((method, count) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ", ")
                .append(Json.quote(method)).append(": ").append(count.sum()));
        return new Reply(200, bytes(json.append("}, \"mirrored\": ").append(mirrored.sum()).append('}').toString()));
    }

    private Reply health() {
        long min = settings.healthMinMs();
        long max = settings.healthMaxMs();
        if (max > 0) {
            long delayMs = min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
            sleepUntil(System.nanoTime() + delayMs * 1_000_000);
        }
        return healthy ? HEALTHY : UNHEALTHY;
    }

    private Reply setHealth(String rawQuery) {
        String value = Requests.queryParameter(rawQuery, "healthy");
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new Requests.BadRequest("healthy: " + (value == null ? "missing" : value) + " (expected: true or false)");
        }
        healthy = value.equals("true");
        return healthy ? HEALTHY : TURNED_UNHEALTHY;
    }

    private Reply slow(String rawQuery) {
        String value = Requests.queryParameter(rawQuery, "ms");
        long ms;
        try {
            ms = value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0 || ms > 3_600_000) {
            String given = value == null ? "missing" : value;
            throw new Requests.BadRequest("ms: " + given + " (expected: an integer in 0..3600000)");
        }
        sleepUntil(System.nanoTime() + ms * 1_000_000);
        return new Reply(200, bytes("{\"slept\": " + ms + ", \"version\": " + quotedVersion + "}"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static void crashAt(long deadlineNanos) {
        Thread crasher = new Thread(() -> {
            sleepUntil(deadlineNanos);
            Log.line("WARN crashing as CRASH_AFTER_MS asked");
            System.out.flush();
            Runtime.getRuntime().halt(1); // no shutdown hook: a crash does not drain
        }, "simpleservice-crash");
        crasher.setDaemon(true);
        crasher.start();
    }

    /** Sleeps until {@code deadlineNanos}; an interrupt ends the sleep early and stays set. */
    private static void sleepUntil(long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Formats a date as the JDK server does for the {@code Date} header of every response. The first
     * use loads zone names and locale data, about 50 ms that would otherwise delay the first response;
     * started beside the binding of the port, it costs nothing.
     */
    private static void formatHttpDate() {
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US)
                .withZone(ZoneId.of("GMT"))
                .format(Instant.now());
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** Named daemon threads: the server's own dispatcher thread is what keeps the process alive. */
    private static final class Workers implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "simpleservice-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
