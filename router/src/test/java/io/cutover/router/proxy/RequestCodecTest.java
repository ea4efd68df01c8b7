package io.cutover.router.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.router.http.FlatHeaders;
import io.cutover.router.testing.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client connection's codec alone: what it refuses, and how it pairs responses with requests. */
class RequestCodecTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestCodec(new HttpDecoderConfig()
            .setHeadersFactory(FlatHeaders.VALIDATING)
            .setTrailersFactory(FlatHeaders.VALIDATING)));

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private List<HttpObject> decode(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        List<HttpObject> messages = new ArrayList<>();
        HttpObject message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
        }
        return messages;
    }

    private List<HttpObject> decodeByteByByte(String bytes) {
        List<HttpObject> messages = new ArrayList<>();
        for (int i = 0; i < bytes.length(); i++) {
            messages.addAll(decode(bytes.substring(i, i + 1)));
        }
        return messages;
    }

    private static Throwable failure(List<HttpObject> messages) {
        return messages.stream().filter(m -> m.decoderResult().isFailure()).findFirst().orElseThrow().decoderResult().cause();
    }

    @Test
    void findsAFoldedLineWhateverTheReadsItArrivesIn() {
        String folded = "GET / HTTP/1.1\r\nHost: a\r\nX-Note: a\r\n\tb\r\n\r\n";

        assertThat(failure(decodeByteByByte(folded))).isSameAs(RequestCodec.Refused.OBS_FOLD);
    }

    @Test
    void passesSpacesInValuesAndBodiesAndPipelinedHeads() {
        List<HttpObject> messages = decodeByteByByte("POST / HTTP/1.1\r\nHost: a\r\nX-Note: a \t b\r\nContent-Length: 3\r\n\r\n\n \t"
                + "\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(messages).allMatch(m -> m.decoderResult().isSuccess());
        assertThat(messages.stream().filter(HttpRequest.class::isInstance).map(m -> ((HttpRequest) m).uri())).containsExactly("/", "/next");
        messages.forEach(ReferenceCountUtil::release);
    }

    @Test
    void countsHostHeadersWhateverTheirCaseButNotInTrailers() {
        assertThat(failure(decode("GET / HTTP/1.1\r\nHOST: a\r\nhost: a\r\n\r\n"))).isSameAs(RequestCodec.Refused.HOSTS);

        EmbeddedChannel other = new EmbeddedChannel(new RequestCodec(new HttpDecoderConfig()));
        other.writeInbound(Unpooled.copiedBuffer("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\nHost: b\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpObject message;
        while ((message = other.readInbound()) != null) {
            assertThat(message.decoderResult().isSuccess()).isTrue();
            ReferenceCountUtil.release(message);
        }
        other.finishAndReleaseAll();
    }

    @Test
    void comparesTheAbsoluteFormAuthorityWithTheHost() {
        assertThat(RequestCodec.Decoder.authorityIs("http://A.example:81/x?y", "a.example:81")).isTrue();
        assertThat(RequestCodec.Decoder.authorityIs("https://user:pw@a.example", "a.example")).isTrue();
        assertThat(RequestCodec.Decoder.authorityIs("http://a.example:81/x", "a.example")).isFalse();
        assertThat(RequestCodec.Decoder.authorityIs("http://a.example.evil/", "a.example")).isFalse();
        assertThat(RequestCodec.Decoder.authorityIs("http://a.example/@b.example", "a.example")).isTrue();
        assertThat(RequestCodec.Decoder.authorityIs("*", "a.example")).isTrue();
    }

    @Test
    void refusesTheRequestPastThePipeliningLimitAndDecodesNothingAfterIt() {
        List<HttpObject> messages = decode("GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(RequestCodec.MAX_PIPELINED + 2));

        List<HttpObject> heads = messages.stream().filter(HttpRequest.class::isInstance).toList();
        assertThat(heads).hasSize(RequestCodec.MAX_PIPELINED + 1);
        assertThat(heads.subList(0, RequestCodec.MAX_PIPELINED)).allMatch(m -> m.decoderResult().isSuccess());
        assertThat(heads.getLast().decoderResult().cause()).isSameAs(RequestCodec.Refused.PIPELINED);
        messages.forEach(ReferenceCountUtil::release);
    }

    @Test
    void answersEachRequestInTurnAndAHeadRequestWithoutABody() {
        decode("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").forEach(ReferenceCountUtil::release);

        assertThat(encode()).isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
        assertThat(encode()).isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    /** A chunked response with no body, as it goes out. */
    private String encode() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        channel.writeOutbound(response, LastHttpContent.EMPTY_LAST_CONTENT);
        return Outbound.text(channel);
    }
}
