/**
 * The router's side of the routing protocol (docs/api.md, "Routing protocol"): follows the controller's
 * route table and reports back.
 *
 * <p>{@link io.cutover.router.link.ControllerLink} is the public face. The working parts: {@code
 * ControllerClient} (the HTTP calls), {@code TableApplier} (a snapshot or a delta to the router, or a
 * refusal to NACK), {@code ReconnectBackoff} (the wait before reconnecting), {@code TableFile} (the saved
 * table) and the wire records {@code Ack} and {@code Heartbeat}. The stream's lines become events through
 * {@link io.cutover.core.sse.EventStreamParser}, which the CLI reads its event stream with too.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>One link thread (a platform daemon thread, {@code cutover-link-ID}) owns the watch stream: it
 *       connects, reads lines, applies each table to the router, posts the acknowledgement, saves the
 *       table, in that order, and waits out the backoff between connections. It blocks on I/O and on
 *       nothing else; it never runs on, or waits for, an event loop: {@code Router.apply} compiles the
 *       table on the calling thread and publishes it with one volatile write.</li>
 *   <li>One scheduler thread ({@code cutover-link-heartbeat-ID}) posts a heartbeat every interval while
 *       the stream is open (reading the in-flight counters and per-revision metrics, which are atomic
 *       and lock-free), and closes a stream that has been silent too long, which ends the link thread's
 *       read.</li>
 *   <li>Shared between them: {@code connected}, {@code live}, the time of the last line and the open
 *       stream, all volatile. The backoff state belongs to the link thread alone.</li>
 *   <li>{@code close()} stops the scheduler, closes the stream and the HTTP client (which ends any call
 *       in progress), interrupts the link thread and waits for both threads to end.</li>
 * </ul>
 */
package io.cutover.router.link;
