package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void readsHostAndPort() {
        assertThat(HostPort.parse("0.0.0.0:8080")).isEqualTo(new HostPort(Optional.of("0.0.0.0"), 8080));
        assertThat(HostPort.parse("localhost:0")).isEqualTo(new HostPort(Optional.of("localhost"), 0));
    }

    @Test
    void leavesTheHostToTheOptionsDefaultWhenOnlyAPortIsGiven() {
        HostPort address = HostPort.parse(":9000");

        assertThat(address.host()).isEmpty();
        assertThat(address.hostOr("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(address.port()).isEqualTo(9000);
    }

    @Test
    void readsAnIpv6HostInBrackets() {
        assertThat(HostPort.parse("[::1]:7700")).isEqualTo(new HostPort(Optional.of("::1"), 7700));
    }

    @Test
    void saysWhatWasExpected() {
        assertThatThrownBy(() -> HostPort.parse("7700")).hasMessage("'7700' (expected: HOST:PORT or :PORT)");
        assertThatThrownBy(() -> HostPort.parse("host:port"))
                .hasMessage("'host:port' (expected: HOST:PORT or :PORT, PORT a number 0..65535)");
        assertThatThrownBy(() -> HostPort.parse("host:65536")).hasMessage("'host:65536' (expected: a port 0..65535)");
        assertThatThrownBy(() -> HostPort.parse("::1:80"))
                .hasMessage("'::1:80' (expected: HOST:PORT, with an IPv6 host in brackets)");
        assertThatThrownBy(() -> HostPort.parse("[]:80")).hasMessage("'[]:80' (expected: HOST:PORT or :PORT)");
    }
}
