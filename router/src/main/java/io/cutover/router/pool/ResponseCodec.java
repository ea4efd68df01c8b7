package io.cutover.router.pool;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * The HTTP codec of a backend connection: Netty's response decoder and request encoder, paired as in
 * {@code HttpClientCodec} (a response to HEAD has no body; one request at a time is in flight), except
 * that bytes the instance sends when no response is due — past the end of the one it was asked for, or
 * while the connection is idle — are not kept as the start of the next response. They are passed on raw,
 * at once, so {@link BackendConnection} closes the connection instead of reusing it: a connection whose
 * instance sent more than its response (a {@code Content-Length} shorter than the body, say) would
 * otherwise hand the next exchange those bytes as its response.
 */
final class ResponseCodec extends CombinedChannelDuplexHandler<ResponseCodec.Decoder, ResponseCodec.Encoder> {

    /** Whether the request in flight is HEAD. */
    private boolean head;
    /** Whether a request went out and the last part of its final response has not been read. */
    private boolean awaitingResponse;

    ResponseCodec(HttpDecoderConfig config) {
        init(new Decoder(config), new Encoder());
    }

    final class Decoder extends HttpResponseDecoder {

        /** Whether the response being read is a final one (not 1xx). */
        private boolean finalResponse;

        Decoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            if (!awaitingResponse) {
                if (!in.isReadable()) {
                    return;
                }
                out.add(in.readRetainedSlice(in.readableBytes()));
                return;
            }
            int first = out.size();
            super.decode(ctx, in, out);
            for (int i = first; i < out.size(); i++) {
                Object message = out.get(i);
                if (message instanceof HttpResponse response) {
                    // A 101 is not the end either: the connection becomes a tunnel.
                    finalResponse = response.status().code() >= 200;
                }
                if (message instanceof LastHttpContent && finalResponse) {
                    awaitingResponse = false;
                }
            }
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            if (((HttpResponse) message).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(message);
            }
            return head || super.isContentAlwaysEmpty(message);
        }
    }

    final class Encoder extends HttpRequestEncoder {

        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                head = HttpMethod.HEAD.equals(request.method());
                awaitingResponse = true;
            }
            super.encode(ctx, msg, out);
        }
    }
}
