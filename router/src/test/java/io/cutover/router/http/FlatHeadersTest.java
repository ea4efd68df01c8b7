package io.cutover.router.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatHeadersTest {

    private final FlatHeaders headers = new FlatHeaders(true);

    @Test
    void findsNamesIgnoringCaseAndKeepsTheOrderReceived() {
        headers.add("Host", "a.localhost").add("X-Thing", "1").add("x-thing", "2").add(HttpHeaderNames.ACCEPT, "*/*");

        assertThat(headers.get("HOST")).isEqualTo("a.localhost");
        assertThat(headers.get(AsciiString.of("x-THING"))).isEqualTo("1");
        assertThat(headers.getAll("X-Thing")).containsExactly("1", "2");
        assertThat(headers.contains(HttpHeaderNames.ACCEPT)).isTrue();
        assertThat(headers.get("X-Missing")).isNull();
        assertThat(headers.getAll("X-Missing")).isEmpty();
        assertThat(headers.size()).isEqualTo(4);
        assertThat(headers.entries()).extracting(Map.Entry::getKey).containsExactly("Host", "X-Thing", "x-thing", "accept");
        assertThat(headers.names()).containsExactlyInAnyOrder("accept", "Host", "X-Thing");
    }

    @Test
    void setReplacesEveryValueInThePlaceOfTheFirst() {
        headers.add("A", "1").add("B", "x").add("b", "y").add("C", "3");

        headers.set("B", "z");

        assertThat(headers.entries()).extracting(e -> e.getKey() + "=" + e.getValue()).containsExactly("A=1", "B=z", "C=3");
    }

    @Test
    void removeTakesEveryValueAndKeepsTheRestInOrder() {
        headers.add("A", "1").add("Connection", "close").add("B", "2").add("connection", "x");

        headers.remove(HttpHeaderNames.CONNECTION);

        assertThat(headers.entries()).extracting(e -> e.getKey() + "=" + e.getValue()).containsExactly("A=1", "B=2");
        assertThat(headers.contains("connection")).isFalse();
    }

    @Test
    void growsPastItsFirstCapacity() {
        for (int i = 0; i < 40; i++) {
            headers.add("X-H" + i, Integer.toString(i));
        }

        assertThat(headers.size()).isEqualTo(40);
        assertThat(headers.get("x-h39")).isEqualTo("39");
        assertThat(headers.getInt("X-H7")).isEqualTo(7);
    }

    @Test
    void convertsNumbersAndReadsThemBack() {
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 42).addShort("X-Short", (short) 3).add("X-Bad", "abc");

        assertThat(HttpUtil.getContentLength(responseWith(headers), -1)).isEqualTo(42);
        assertThat(headers.getShort("X-Short")).isEqualTo((short) 3);
        assertThat(headers.getInt("X-Bad")).isNull();
        assertThat(headers.getInt("X-Bad", -1)).isEqualTo(-1);
    }

    @Test
    void answersTheQuestionsHttpUtilAsks() {
        headers.add(HttpHeaderNames.CONNECTION, "keep-alive, Upgrade").add(HttpHeaderNames.TRANSFER_ENCODING, "chunked");

        assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)).isTrue();
        assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)).isFalse();
        assertThat(headers.contains(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true)).isTrue();
        assertThat(HttpUtil.isTransferEncodingChunked(responseWith(headers))).isTrue();
    }

    @Test
    void findsAnElementOfACommaSeparatedValueTrimmed() {
        headers.add("X-List", "a,, Keep-Alive ,\tupgrade\t").add("X-List", "last");

        assertThat(headers.containsValue("x-list", "keep-alive", true)).isTrue();
        assertThat(headers.containsValue("x-list", "keep-alive", false)).isFalse();
        assertThat(headers.containsValue("x-list", "upgrade", false)).isTrue();
        assertThat(headers.containsValue("x-list", "last", false)).isTrue();
        assertThat(headers.containsValue("x-list", "", false)).isTrue(); // the empty element between the commas
        assertThat(headers.containsValue("x-list", "keep", true)).isFalse();
        assertThat(headers.containsValue("x-other", "a", true)).isFalse();
    }

    @Test
    void validatingHeadersRefuseNamesThatAreNotTokensAndValuesWithLineBreaks() {
        assertThatThrownBy(() -> headers.add("Host ", "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Host ");
        assertThatThrownBy(() -> headers.add("X-A", "one\r\nX-Injected: two")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> headers.add("", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(headers.isEmpty()).isTrue();
    }

    @Test
    void trustedHeadersTakeWhatTheyAreGiven() {
        FlatHeaders trusted = new FlatHeaders(false);

        trusted.add("X-Odd Name", "v");

        assertThat(trusted.get("x-odd name")).isEqualTo("v");
    }

    @Test
    void theHttpEncoderWritesThemInOrder() {
        headers.add("Content-Length", "2").add("X-B", "b").add("x-a", "a");
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());

        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers));

        ByteBuf out = channel.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-B: b\r\nx-a: a\r\n\r\n");
        out.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void copiesIntoDefaultHeaders() {
        headers.add("A", "1").add("B", "2");

        HttpHeaders copy = headers.copy();

        assertThat(copy.get("a")).isEqualTo("1");
        assertThat(copy.get("b")).isEqualTo("2");
    }

    @Test
    void holdTheHeadersAndTrailersNettysDecoderReads() {
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setHeadersFactory(FlatHeaders.VALIDATING).setTrailersFactory(FlatHeaders.VALIDATING);
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(config));

        channel.writeInbound(Unpooled.copiedBuffer("POST /sum HTTP/1.1\r\nHost: a.localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Trailer: X-Sum\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 6\r\nContent-Length: 3\r\n\r\n", StandardCharsets.US_ASCII));

        HttpRequest request = channel.readInbound();
        assertThat(request.headers()).isInstanceOf(FlatHeaders.class);
        assertThat(request.headers().get("host")).isEqualTo("a.localhost");
        HttpContent body = channel.readInbound();
        assertThat(body.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        body.release();
        LastHttpContent last = channel.readInbound();
        assertThat(last.trailingHeaders()).isInstanceOf(FlatHeaders.class);
        // the decoder keeps framing headers out of trailers
        assertThat(last.trailingHeaders().entries()).extracting(e -> e.getKey() + "=" + e.getValue()).containsExactly("X-Sum=6");
        last.release();
        channel.finishAndReleaseAll();
    }

    private static DefaultHttpResponse responseWith(HttpHeaders headers) {
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers);
    }
}
