package io.cutover.router.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ResponseHeadersTest {

    private static HttpResponse response(HttpVersion version, String... headerPairs) {
        HttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.OK);
        for (int i = 0; i < headerPairs.length; i += 2) {
            response.headers().add(headerPairs[i], headerPairs[i + 1]);
        }
        return response;
    }

    @Test
    void keepsTheClientConnectionWhenTheAppClosesItsOwn() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Connection", "close", "Content-Length", "2");

        boolean keep = ResponseHeaders.prepare(response, HttpVersion.HTTP_1_1, true, false);

        assertThat(keep).isTrue();
        assertThat(response.headers().contains("connection")).isFalse();
    }

    @Test
    void chunksABodyTheAppEndsByClosingSoTheClientConnectionCanStay() {
        HttpResponse response = response(HttpVersion.HTTP_1_0);

        boolean keep = ResponseHeaders.prepare(response, HttpVersion.HTTP_1_1, true, false);

        assertThat(keep).isTrue();
        assertThat(response.headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(response.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void sendsAChunkedBodyRawToAnHttp10ClientAndClosesAfter() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Transfer-Encoding", "chunked");

        boolean keep = ResponseHeaders.prepare(response, HttpVersion.HTTP_1_0, true, false);

        assertThat(keep).isFalse();
        assertThat(response.headers().contains("transfer-encoding")).isFalse();
        assertThat(response.headers().contains("connection")).isFalse();
    }

    @Test
    void tellsAnHttp10ClientThatTheConnectionStays() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Content-Length", "2");

        boolean keep = ResponseHeaders.prepare(response, HttpVersion.HTTP_1_0, true, false);

        assertThat(keep).isTrue();
        assertThat(response.headers().get("connection")).isEqualTo("keep-alive");
    }

    @Test
    void leavesTheFramingOfAHeadResponseAlone() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Content-Length", "1234");

        ResponseHeaders.prepare(response, HttpVersion.HTTP_1_1, false, true);

        assertThat(response.headers().get("content-length")).isEqualTo("1234");
        assertThat(response.headers().get("connection")).isEqualTo("close");
    }
}
