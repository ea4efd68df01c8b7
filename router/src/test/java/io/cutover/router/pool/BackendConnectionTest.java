package io.cutover.router.pool;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.router.table.Backend;
import io.cutover.router.table.LiveTable;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pooled connection's states, on an embedded channel. */
class BackendConnectionTest {

    private final LiveTable live = new LiveTable();
    private final Recorder exchange = new Recorder();
    private Backend backend;
    private ConnectionPool pool;
    private BackendConnection connection;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        live.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("a", 9001)))));
        backend = live.current().find("hello.localhost", "/").endpoint(0, 0);
        channel = new EmbeddedChannel();
        pool = new ConnectionPool(channel.eventLoop(), new Bootstrap(), new BackendInitializer.Limits(1000), 1000);
        connection = pool.create(backend, exchange);
        channel.pipeline().addLast(connection);
    }

    @Test
    void goesBackToThePoolAfterACleanExchangeAndIsReused() {
        connection.release();

        BackendConnection reused = pool.poll(backend, exchange);

        assertThat(reused).isSameAs(connection);
        assertThat(reused.reused()).isTrue();
        assertThat(pool.poll(backend, exchange)).isNull();
    }

    @Test
    void passesWhatItReadsToTheExchangeUsingIt() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2}));

        assertThat(exchange.read).hasSize(1);
        exchange.read.forEach(ReferenceCountUtil::release);
    }

    @Test
    void closesAnIdleConnectionThatReceivesBytesNobodyAskedFor() {
        connection.release();

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));

        assertThat(channel.isOpen()).isFalse();
        assertThat(pool.poll(backend, exchange)).isNull();
        assertThat(exchange.read).isEmpty();
    }

    @Test
    void closesInsteadOfPoolingWhenTheInstanceLeftTheTable() {
        live.apply(table(2, route("hello.localhost", "hello", revision(1, 100, endpoint("b", 9002)))));

        connection.release();

        assertThat(channel.isOpen()).isFalse();
        assertThat(pool.poll(backend, exchange)).isNull();
    }

    @Test
    void tellsTheExchangeWhenTheInstanceClosesTheConnection() {
        channel.close();

        assertThat(exchange.closed).isTrue();
    }

    @Test
    void forgetsAnIdleConnectionTheInstanceClosed() {
        connection.release();

        channel.close();

        assertThat(pool.poll(backend, exchange)).isNull();
        assertThat(exchange.closed).isFalse();
    }

    private static final class Recorder implements BackendListener {
        final List<Object> read = new ArrayList<>();
        boolean closed;

        @Override
        public void backendRead(Object msg) {
            read.add(msg);
        }

        @Override
        public void backendReadComplete() {
        }

        @Override
        public void backendWritabilityChanged(boolean writable) {
        }

        @Override
        public void backendClosed() {
            closed = true;
        }
    }
}
