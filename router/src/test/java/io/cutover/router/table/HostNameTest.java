package io.cutover.router.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNameTest {

    @Test
    void keepsAnAlreadyNormalHostAsTheSameString() {
        String host = "hello.localhost";

        assertThat(HostName.normalize(host)).isSameAs(host);
    }

    @Test
    void stripsThePortAndLowerCases() {
        assertThat(HostName.normalize("Hello.LocalHost:8080")).isEqualTo("hello.localhost");
    }

    @Test
    void stripsATrailingDot() {
        assertThat(HostName.normalize("hello.localhost.:80")).isEqualTo("hello.localhost");
    }

    @Test
    void keepsIpv6LiteralsWhole() {
        assertThat(HostName.normalize("[::1]:8080")).isEqualTo("[::1]");
        assertThat(HostName.normalize("[::1]")).isEqualTo("[::1]");
    }
}
