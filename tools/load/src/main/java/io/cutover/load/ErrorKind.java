package io.cutover.load;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Names why a request got no answer, in a word a report can count by. */
final class ErrorKind {

    static final String REFUSED = "refused";
    static final String RESET = "reset";
    static final String CLOSED = "closed";
    static final String TIMEOUT = "timeout";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String UNKNOWN_HOST = "unknown-host";
    static final String UNREACHABLE = "unreachable";
    static final String PROTOCOL = "protocol";

    private ErrorKind() {}

    /** The kind of a failure: one of the constants, else the exception's simple name. */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String kind = direct(t);
            if (kind != null) {
                return kind;
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static @Nullable String direct(Throwable t) {
        if (t instanceof ConnectTimeoutException) {
            return CONNECT_TIMEOUT;
        }
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
            return UNKNOWN_HOST;
        }
        if (t instanceof NoRouteToHostException) {
            return UNREACHABLE;
        }
        if (t instanceof DecoderException) {
            return PROTOCOL;
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("refused")) {
            return REFUSED;
        }
        if (message.contains("reset") || message.contains("broken pipe")) {
            return RESET;
        }
        if (message.contains("no route") || message.contains("unreachable")) {
            return UNREACHABLE;
        }
        if (t instanceof ConnectException) {
            return REFUSED;
        }
        return null;
    }
}
