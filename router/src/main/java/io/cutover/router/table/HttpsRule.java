package io.cutover.router.table;

import io.cutover.core.routing.HttpsPolicy;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

/**
 * What a route does about HTTPS, compiled once from its entry's {@link HttpsPolicy}: whether plain
 * requests are redirected, and the {@code Strict-Transport-Security} value for TLS responses. Immutable.
 */
public final class HttpsRule {

    private static final String ACME_CHALLENGES = "/.well-known/acme-challenge/";

    private final boolean redirect;
    private final @Nullable AsciiString hsts;

    private HttpsRule(boolean redirect, @Nullable AsciiString hsts) {
        this.redirect = redirect;
        this.hsts = hsts;
    }

    /** The rule of a policy; null when it does nothing. */
    static @Nullable HttpsRule of(@Nullable HttpsPolicy policy) {
        if (policy == null || !policy.active()) {
            return null;
        }
        String header = policy.hstsHeader();
        return new HttpsRule(policy.redirect(), header == null ? null : AsciiString.cached(header));
    }

    /**
     * Whether a request for {@code uri} on the plain listener is answered with a redirect to HTTPS. ACME
     * HTTP-01 challenges are not: a certificate authority reads them over plain HTTP before there is a
     * certificate to redirect to.
     */
    public boolean redirects(String uri) {
        return redirect && !uri.startsWith(ACME_CHALLENGES);
    }

    /** The {@code Strict-Transport-Security} value responses on the TLS listener carry; null for none. */
    public @Nullable AsciiString hsts() {
        return hsts;
    }
}
