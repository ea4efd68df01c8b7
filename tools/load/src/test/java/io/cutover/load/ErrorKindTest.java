package io.cutover.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ErrorKindTest {

    @Test
    void namesCommonFailuresInAWord() {
        assertThat(ErrorKind.of(new ConnectException("finishConnect(..) failed: Connection refused"))).isEqualTo("refused");
        assertThat(ErrorKind.of(new IOException("recvAddress(..) failed: Connection reset by peer"))).isEqualTo("reset");
        assertThat(ErrorKind.of(new IOException("writev(..) failed: Broken pipe"))).isEqualTo("reset");
        assertThat(ErrorKind.of(new ConnectTimeoutException("connection timed out"))).isEqualTo("connect-timeout");
        assertThat(ErrorKind.of(new UnknownHostException("nowhere.invalid"))).isEqualTo("unknown-host");
        assertThat(ErrorKind.of(new DecoderException("bad"))).isEqualTo("protocol");
    }

    @Test
    void looksAtCausesThenFallsBackToTheExceptionsName() {
        assertThat(ErrorKind.of(new IOException("wrapped", new ConnectException("Connection refused")))).isEqualTo("refused");
        assertThat(ErrorKind.of(new IllegalStateException("odd"))).isEqualTo("IllegalStateException");
    }
}
