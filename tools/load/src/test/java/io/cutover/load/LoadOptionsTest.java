package io.cutover.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080/endpoint0");

    @Test
    void defaultsToAModestRateForTenSeconds() {
        LoadOptions options = LoadOptions.builder(URL).build();

        assertThat(options.rate()).isEqualTo(200);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.connections()).isEqualTo(8);
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.threads()).isBetween(1, 8);
        assertThat(options.hostHeader()).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void sendsTheHostAskedForInsteadOfTheUrls() {
        assertThat(LoadOptions.builder(URL).host("hello.localhost").build().hostHeader()).isEqualTo("hello.localhost");
        assertThat(LoadOptions.builder(URI.create("http://example.org/")).build().hostHeader()).isEqualTo("example.org");
    }

    @Test
    void namesTheSettingOutOfRange() {
        assertThatThrownBy(() -> LoadOptions.builder(URI.create("https://example.org/")).build())
                .hasMessage("url: https://example.org/ (expected: an http:// URL)");
        assertThatThrownBy(() -> LoadOptions.builder(URL).connections(0).build())
                .hasMessage("connections: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> LoadOptions.builder(URL).duration(Duration.ZERO).build())
                .hasMessage("duration: 0ms (expected: > 0)");
        assertThatThrownBy(() -> LoadOptions.builder(URL).interval(Duration.ofMillis(1)).build())
                .hasMessage("interval: 1ms (expected: >= 10ms)");
        assertThatThrownBy(() -> LoadOptions.builder(URL).host("bad host").build())
                .hasMessage("host: 'bad host' (expected: a hostname, optionally with :port)");
        assertThatThrownBy(() -> LoadOptions.builder(URL).connections(2).threads(3).build())
                .hasMessage("threads: 3 (expected: 1..2, the connections)");
    }
}
