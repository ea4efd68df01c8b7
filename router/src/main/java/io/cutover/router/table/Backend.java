package io.cutover.router.table;

import io.cutover.core.model.AppProtocol;
import io.cutover.core.model.InstanceIdentity;
import io.cutover.router.eject.EjectionState;
import io.cutover.router.metrics.RevisionRecorder;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One instance as the router reaches it, with the count of its requests in flight and its passive health
 * (failure streak, ejection).
 *
 * <p>One object per instance id for as long as the instance stays in the table: a new table reuses it, so
 * the count and the health carry over. An instance that left the table stays reachable for drain
 * accounting until its count is back to zero. It records its requests in its revision's recorder, which
 * outlives it. Safe to use from any event loop.
 */
public final class Backend {

    private final String instanceId;
    private final InetSocketAddress address;
    private final @Nullable InstanceIdentity identity;
    private final AppProtocol protocol;
    private final RevisionRecorder recorder;
    private final DrainingBackends draining;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final EjectionState ejection = new EjectionState();
    private volatile boolean retired;

    Backend(String instanceId, InetSocketAddress address, @Nullable InstanceIdentity identity, AppProtocol protocol,
            RevisionRecorder recorder, DrainingBackends draining) {
        this.instanceId = instanceId;
        this.address = address;
        this.identity = identity;
        this.protocol = protocol;
        this.recorder = recorder;
        this.draining = draining;
    }

    /** The instance's id. */
    public String instanceId() {
        return instanceId;
    }

    /** The address to connect to, resolved when the table was applied. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Who the instance answers it is, asked before a new connection to it carries a request; null when
     * its runtime gives no identity to check.
     */
    public @Nullable InstanceIdentity identity() {
        return identity;
    }

    /** What the instance speaks: requests to an h2c instance are streams on a shared connection. */
    public AppProtocol protocol() {
        return protocol;
    }

    /** Whether this backend is the instance at {@code host:port}, as the table gives it (no lookup). */
    boolean at(String host, int port) {
        return address.getPort() == port && address.getHostString().equals(host);
    }

    /** Where the requests of this instance's app revision are counted. */
    public RevisionRecorder recorder() {
        return recorder;
    }

    /** Requests dispatched to this instance whose response has not finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The instance's failure streak and ejection; the balancer passes over it while it is ejected. */
    public EjectionState ejection() {
        return ejection;
    }

    /** Whether the instance has left the table; it gets no new requests then. */
    public boolean retired() {
        return retired;
    }

    /** Counts a request dispatched to this instance. */
    public void acquire() {
        // A request that picked this backend from the previous table just before the swap may arrive
        // after the instance was retired: it must be visible to drain accounting again.
        if (inFlight.getAndIncrement() == 0 && retired) {
            draining.track(this);
        }
    }

    /** Counts a dispatched request as finished (or failed). */
    public void release() {
        inFlight.decrementAndGet();
    }

    void retire() {
        retired = true;
        draining.track(this);
    }

    void revive() {
        retired = false;
        draining.untrack(this);
    }

    @Override
    public String toString() {
        return instanceId + "@" + address;
    }
}
