/**
 * The router: a reverse proxy (HTTP/1.1 and HTTP/2 to clients, plain and over TLS; HTTP/1.1 to
 * instances) that routes by host and path to an app's revisions.
 *
 * <p>{@link io.cutover.router.Router} and {@link io.cutover.router.RouterOptions} are the public face,
 * with {@link io.cutover.router.RouterClient} for single requests to a router from outside;
 * the working parts are in {@code table} (compiled route table, backends and their in-flight counts),
 * {@code balance} (revision by weight, then least outstanding requests of two random instances in
 * service), {@code eject} (passive outlier ejection: failure streaks, ejection times, at most half a
 * revision out), {@code pool} (keep-alive backend connections per event loop), {@code http} (the header
 * store of decoded messages), {@code proxy} (the handlers) and {@code metrics} (per-revision request
 * counts and latencies). {@code link} is the router's side of the routing protocol: it follows the
 * controller's table, acknowledges each generation, sends heartbeats and saves the last table.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>Each event loop owns its client connections, the backend connections opened for them (a backend
 *       channel is registered on its client's loop) and its connection pool. An exchange, both of its
 *       channels and the pool it borrows from are touched by that one thread only: no locks.</li>
 *   <li>The compiled route table is immutable and published by one volatile write in
 *       {@code LiveTable.apply}, which is synchronized against other applies only. Request handling
 *       reads the reference once per request.</li>
 *   <li>Backends are shared by all loops: their in-flight counters are atomic; draining backends sit in
 *       a concurrent map whose per-key lock orders "prune at zero" against "acquired again".</li>
 *   <li>A backend's ejection state (failure streak, end of ejection, ejection count) is atomic too and
 *       written by whichever loop sees the failure, without locks. Ejections within a revision are kept
 *       under the cap by publishing the ejection, then counting the revision's ejected instances again
 *       and stepping back if over. The revision's member array is replaced by {@code LiveTable.apply}
 *       (one volatile write per backend) before the table that lists it is published.</li>
 *   <li>Counters are {@code LongAdder}s, read by {@code Router.stats()} from any thread.</li>
 *   <li>Each app revision has one recorder (status-class counters, connect failures, a fixed-bucket latency
 *       histogram, all {@code LongAdder}s) that every backend of the revision points at; an exchange
 *       records into it once, when it ends, on its event loop, without a lock or an allocation. The
 *       recorders outlive tables: {@code LiveTable.apply} finds a revision's recorder again and then
 *       publishes the set of recorders the new table lists (under its lock).
 *       {@code Router.revisionMetrics()} reads them from any thread.</li>
 *   <li>The {@code link} package runs on its own two threads (see there) and only calls
 *       {@code Router.apply}, {@code table()}, {@code inFlight()} and {@code revisionMetrics()}.</li>
 * </ul>
 */
package io.cutover.router;
