package io.cutover.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP codec of a client connection: Netty's request decoder and response encoder, paired as in
 * {@code HttpServerCodec} (a response to HEAD has no body), plus the refusals of RFC 9112 that Netty's
 * decoder does not make itself. A request that has a folded header line (obs-fold), more than one
 * {@code Host} header, or a {@code Host} that differs from its absolute-form target's authority comes out
 * with a failed {@link DecoderResult} whose cause is a {@link Refused}, as a request Netty cannot parse
 * does; nothing after it on the connection is decoded.
 *
 * <p>Netty folds continuation lines into the value before the headers can see them, so folds are found
 * in the bytes the decoder consumed while it read a request head: a line feed followed by a space or a tab.
 */
final class RequestCodec extends CombinedChannelDuplexHandler<RequestCodec.Decoder, RequestCodec.Encoder> {

    /** Requests decoded but not answered yet, at most; as {@code HttpServerCodec} allows. */
    static final int MAX_PIPELINED = 128;

    RequestCodec(HttpDecoderConfig config) {
        // The method of each request decoded and not answered yet, oldest first.
        ArrayDeque<HttpMethod> unanswered = new ArrayDeque<>(4);
        init(new Decoder(config, unanswered), new Encoder(unanswered));
    }

    /** Why a request Netty parsed is refused; the answer is the router's own error. */
    static final class Refused extends RuntimeException {

        static final Refused OBS_FOLD = new Refused(ErrorResponse.obsFold());
        static final Refused HOSTS = new Refused(ErrorResponse.hosts());
        static final Refused HOST_MISMATCH = new Refused(ErrorResponse.hostMismatch());
        static final Refused PIPELINED = new Refused(ErrorResponse.tooManyPipelined(MAX_PIPELINED));

        private final transient ErrorResponse answer;

        private Refused(ErrorResponse answer) {
            super(answer.code(), null, false, false);
            this.answer = answer;
        }

        ErrorResponse answer() {
            return answer;
        }
    }

    static final class Decoder extends HttpRequestDecoder {

        private final ArrayDeque<HttpMethod> unanswered;
        /** Whether the bytes being decoded are a request head (after the previous request's last part). */
        private boolean inHead = true;
        /** Whether the head's bytes consumed so far end with a line feed. */
        private boolean endsWithLf;
        private boolean folded;
        private int hosts;
        private boolean refused;

        Decoder(HttpDecoderConfig config, ArrayDeque<HttpMethod> unanswered) {
            super(config);
            this.unanswered = unanswered;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            if (refused) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int from = in.readerIndex();
            int first = out.size();
            super.decode(ctx, in, out);
            // A call that ends a head returns before the body: the bytes consumed are the head's only.
            if (inHead && !folded) {
                folded = folds(in, from, in.readerIndex());
            }
            for (int i = first; i < out.size(); i++) {
                Object message = out.get(i);
                if (message instanceof HttpRequest request) {
                    unanswered.add(request.method());
                    Refused refusal = request.decoderResult().isSuccess() ? refusal(request) : null;
                    inHead = false;
                    folded = false;
                    hosts = 0;
                    if (refusal != null) {
                        request.setDecoderResult(DecoderResult.failure(refusal));
                        for (int j = out.size() - 1; j > i; j--) {
                            ReferenceCountUtil.release(out.remove(j));
                        }
                        refused = true;
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                }
                if (message instanceof LastHttpContent) {
                    inHead = true;
                    endsWithLf = false;
                    hosts = 0; // a Host among the trailers is not the head's
                }
            }
        }

        @Override
        protected AsciiString splitHeaderName(byte[] line, int start, int length) {
            AsciiString name = super.splitHeaderName(line, start, length);
            if (length == 4 && HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
                hosts++;
            }
            return name;
        }

        private @Nullable Refused refusal(HttpRequest request) {
            if (folded) {
                return Refused.OBS_FOLD;
            }
            if (hosts > 1) {
                return Refused.HOSTS;
            }
            if (unanswered.size() > MAX_PIPELINED) {
                return Refused.PIPELINED;
            }
            String uri = request.uri();
            if (!uri.isEmpty() && uri.charAt(0) != '/') {
                String host = request.headers().get(HttpHeaderNames.HOST);
                if (host != null && !authorityIs(uri, host)) {
                    return Refused.HOST_MISMATCH;
                }
            }
            return null;
        }

        /**
         * Whether an absolute-form target ({@code http://authority/path}) names {@code host} as its authority,
         * case aside and without user info; true for the other forms (origin, asterisk, authority).
         */
        static boolean authorityIs(String uri, String host) {
            int scheme = uri.indexOf("://");
            if (scheme <= 0) {
                return true;
            }
            int start = scheme + 3;
            int end = start;
            while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
                end++;
            }
            int at = uri.lastIndexOf('@', end - 1);
            if (at >= start) {
                start = at + 1;
            }
            return end - start == host.length() && uri.regionMatches(true, start, host, 0, host.length());
        }

        /** Whether a line in {@code [from, to)} starts with a space or a tab, the previous line's end included. */
        private boolean folds(ByteBuf in, int from, int to) {
            if (from >= to) {
                return false;
            }
            if (endsWithLf && isOws(in.getByte(from))) {
                return true;
            }
            for (int lf = in.indexOf(from, to, (byte) '\n'); lf >= 0; lf = in.indexOf(lf + 1, to, (byte) '\n')) {
                if (lf + 1 == to) {
                    endsWithLf = true;
                    return false;
                }
                if (isOws(in.getByte(lf + 1))) {
                    return true;
                }
            }
            endsWithLf = false;
            return false;
        }

        private static boolean isOws(byte b) {
            return b == ' ' || b == '\t';
        }
    }

    static final class Encoder extends HttpResponseEncoder {

        private final ArrayDeque<HttpMethod> unanswered;

        Encoder(ArrayDeque<HttpMethod> unanswered) {
            this.unanswered = unanswered;
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(response); // not the request's final answer
            }
            return HttpMethod.HEAD.equals(unanswered.poll()) || super.isContentAlwaysEmpty(response);
        }
    }
}
