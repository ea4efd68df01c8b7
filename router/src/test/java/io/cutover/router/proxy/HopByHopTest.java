package io.cutover.router.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    private static HttpRequest request(String... headerPairs) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.headers().add(headerPairs[i], headerPairs[i + 1]);
        }
        return request;
    }

    @Test
    void stripsHopByHopHeadersAndThoseConnectionNames() {
        HttpRequest request = request(
                "Connection", "keep-alive, X-Secret", "Keep-Alive", "timeout=5", "X-Secret", "1", "TE", "gzip",
                "Proxy-Connection", "keep-alive", "Upgrade", "h2c", "Transfer-Encoding", "chunked", "X-App", "2");

        HopByHop.strip(request.headers(), false);

        assertThat(request.headers().names()).containsExactlyInAnyOrder("Transfer-Encoding", "X-App");
    }

    @Test
    void keepsOnlyTrailersOfTe() {
        HttpRequest trailers = request("TE", "gzip, trailers;q=1", "TE", "trailers");
        HttpRequest gzip = request("TE", "gzip, deflate");

        HopByHop.strip(trailers.headers(), false);
        HopByHop.strip(gzip.headers(), false);

        assertThat(trailers.headers().getAll("te")).containsExactly("trailers");
        assertThat(gzip.headers().contains("te")).isFalse();
    }

    @Test
    void keepsTheUpgradeHeadersOfAnUpgrade() {
        HttpRequest request = request("Connection", "Upgrade", "Upgrade", "websocket");

        HopByHop.strip(request.headers(), true);

        assertThat(request.headers().get("upgrade")).isEqualTo("websocket");
        assertThat(request.headers().get("connection")).isEqualTo("Upgrade");
    }

    @Test
    void neverStripsFramingOrHostWhenConnectionNamesThem() {
        HttpRequest request = request("Connection", "Host, Content-Length", "Host", "a.localhost", "Content-Length", "3");

        HopByHop.strip(request.headers(), false);

        assertThat(request.headers().names()).containsExactlyInAnyOrder("Host", "Content-Length");
    }

    @Test
    void addsForwardingHeadersAndARequestId() {
        HttpRequest request = request("Host", "hello.localhost:8080", "X-Forwarded-For", "10.0.0.1");

        RequestHeaders.prepare(request, "127.0.0.1", "hello.localhost:8080", "8080", false, false);

        HttpHeaders headers = request.headers();
        assertThat(headers.get("x-forwarded-for")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(headers.get("x-forwarded-proto")).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host")).isEqualTo("hello.localhost:8080");
        assertThat(headers.get("x-forwarded-port")).isEqualTo("8080");
        assertThat(headers.get("x-request-id")).matches("[0-9a-f]{16}");
        assertThat(headers.get("host")).isEqualTo("hello.localhost:8080");
    }

    @Test
    void keepsARequestIdTheClientSent() {
        HttpRequest request = request("X-Request-Id", "abc-123");

        RequestHeaders.prepare(request, "127.0.0.1", "h", "80", false, false);

        assertThat(request.headers().get("x-request-id")).isEqualTo("abc-123");
    }
}
