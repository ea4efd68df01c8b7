package io.cutover.router.proxy;

import io.cutover.router.balance.Balancer;
import io.cutover.router.table.Backend;
import io.cutover.router.table.Route;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The attempts of one request at reaching an app, and the one place that decides whether to try again:
 * only attempts that never reached the app are repeated, never on an instance already tried, at most
 * {@code maxRetries} times.
 *
 * <p>One per client connection, reset for each request, so nothing is allocated per request.
 */
final class Attempts {

    private final Backend[] tried;
    private final int maxRetries;
    private int triedCount;
    /** The revision a sticky session pins the request to, -1 for none. */
    private int pinned = -1;
    private int retriesLeft;
    private boolean idempotent;

    Attempts(int maxRetries) {
        this.maxRetries = maxRetries;
        this.tried = new Backend[maxRetries + 1];
    }

    void reset(HttpMethod method, int pinned) {
        Arrays.fill(tried, 0, triedCount, null);
        triedCount = 0;
        this.pinned = pinned;
        retriesLeft = maxRetries;
        idempotent = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.PUT || method == HttpMethod.DELETE || method == HttpMethod.TRACE;
    }

    /**
     * The next instance to try, not tried before, in service at {@code now} if any untried one is; null
     * when none is left.
     */
    @Nullable Backend next(Route route, long now) {
        if (triedCount == tried.length) {
            return null;
        }
        Backend backend = Balancer.choose(route, pinned, tried, triedCount, now);
        if (backend != null) {
            tried[triedCount++] = backend;
        }
        return backend;
    }

    /** Whether an instance not tried yet could take the request now (nothing is recorded). */
    boolean anyLeft(Route route, long now) {
        return triedCount < tried.length && Balancer.choose(route, pinned, tried, triedCount, now) != null;
    }

    /** How many instances were tried. */
    int tried() {
        return triedCount;
    }

    /**
     * The instance processed none of the request (connecting failed, or it refused the stream): whether to
     * try another instance. Takes a retry if so; whether one is left to try, {@link #next} tells.
     */
    boolean retryElsewhere() {
        if (retriesLeft > 0 && triedCount < tried.length) {
            retriesLeft--;
            return true;
        }
        return false;
    }

    /** Whether the request's method is idempotent, so a replay does not depend on how far its head got. */
    boolean idempotent() {
        return idempotent;
    }

    /**
     * A connection closed before any response byte: whether to send the request again over a fresh
     * connection to the same instance. Only a kept-alive connection the app had already closed
     * qualifies, only when no body byte was sent, and only when the head could not even be written or
     * the method is idempotent. Takes a retry if so.
     */
    boolean replayOnFreshConnection(boolean reusedConnection, boolean bodySent, boolean headWriteFailed) {
        if (reusedConnection && !bodySent && (headWriteFailed || idempotent) && retriesLeft > 0) {
            retriesLeft--;
            return true;
        }
        return false;
    }
}
