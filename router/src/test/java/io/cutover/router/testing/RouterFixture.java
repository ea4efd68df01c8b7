package io.cutover.router.testing;

import static java.util.Objects.requireNonNull;

import io.cutover.router.Router;
import io.cutover.router.RouterOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a router integration test runs against: real routers on ephemeral ports of 127.0.0.1, backends,
 * clients. Everything it opens is closed after each test, last opened first, whether the test passed or
 * not. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final RouterFixture fixture = new RouterFixture();
 * }</pre>
 *
 * <p>{@link #router()} is the test's router, started on first use with two I/O threads and otherwise
 * default options (or the ones given to the constructor); {@link #http()} is a client aimed at it.
 * {@link #startRouter} starts more routers with other options.
 */
public final class RouterFixture implements BeforeEachCallback, AfterEachCallback {

    private final UnaryOperator<RouterOptions.Builder> defaultOptions;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private @Nullable Router router;
    private @Nullable Http http;

    /** A fixture whose {@link #router()} has the default options (two I/O threads). */
    public RouterFixture() {
        this(UnaryOperator.identity());
    }

    /** A fixture whose {@link #router()} has the default options changed by {@code options}. */
    public RouterFixture(UnaryOperator<RouterOptions.Builder> options) {
        this.defaultOptions = requireNonNull(options, "options");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        resources.clear();
        router = null;
        http = null;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** The test's router, started on first use. */
    public Router router() {
        if (router == null) {
            router = startRouter(defaultOptions);
        }
        return router;
    }

    /** A client aimed at {@link #router()}, made on first use. */
    public Http http() {
        if (http == null) {
            http = http(router());
        }
        return http;
    }

    /** Starts another router with the options the test's router would have. */
    public Router startRouter() {
        return startRouter(defaultOptions);
    }

    /**
     * Starts another router: two I/O threads on an ephemeral port of 127.0.0.1, with {@code options}
     * applied on top (not the options of {@link #router()}).
     */
    public Router startRouter(UnaryOperator<RouterOptions.Builder> options) {
        return open(Router.start(options.apply(RouterOptions.builder().bindHost("127.0.0.1").port(0).ioThreads(2)).build()));
    }

    /** A new client aimed at {@code router}. */
    public Http http(Router target) {
        return open(new Http(target.address()));
    }

    /** Starts a {@link TestBackend} named {@code name}. */
    public TestBackend backend(String name) {
        return open(TestBackend.start(name));
    }

    /** Closes {@code resource} after the test, before whatever was opened earlier. */
    public <T extends AutoCloseable> T open(T resource) {
        resources.add(requireNonNull(resource, "resource"));
        return resource;
    }
}
