package io.cutover.core.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What an app's routes do about HTTPS ({@code https:} in the manifest), carried by each of its route
 * entries to the routers.
 *
 * @param redirect a request on the plain listener is answered with a redirect to the same URL over
 *     {@code https} (301 for GET and HEAD, 308 otherwise, so the method and body are kept), except ACME
 *     HTTP-01 challenges under {@code /.well-known/acme-challenge/}. Default false
 * @param hstsMaxAgeSeconds above 0: responses on the TLS listener carry {@code Strict-Transport-Security}
 *     with this {@code max-age}. Default 0 (none)
 * @param hstsIncludeSubDomains the header's {@code includeSubDomains}. Default false
 * @param hstsPreload the header's {@code preload}. Default false
 */
public record HttpsPolicy(Boolean redirect, Long hstsMaxAgeSeconds, Boolean hstsIncludeSubDomains, Boolean hstsPreload) {

    /** Two years, the longest max-age browsers' preload lists ask for. */
    public static final long MAX_HSTS_AGE_SECONDS = 63_072_000;
    /** The shortest max-age the preload lists accept. */
    public static final long MIN_PRELOAD_AGE_SECONDS = 31_536_000;

    public HttpsPolicy {
        redirect = redirect != null && redirect;
        hstsMaxAgeSeconds = hstsMaxAgeSeconds == null ? 0 : hstsMaxAgeSeconds;
        hstsIncludeSubDomains = hstsIncludeSubDomains != null && hstsIncludeSubDomains;
        hstsPreload = hstsPreload != null && hstsPreload;
    }

    /** Whether routers do anything with it: a route entry carries it only then. */
    @JsonIgnore
    public boolean active() {
        return redirect || hstsMaxAgeSeconds > 0;
    }

    /** The {@code Strict-Transport-Security} value, or null when there is none to send. */
    @JsonIgnore
    public String hstsHeader() {
        if (hstsMaxAgeSeconds <= 0) {
            return null;
        }
        return "max-age=" + hstsMaxAgeSeconds + (hstsIncludeSubDomains ? "; includeSubDomains" : "")
                + (hstsPreload ? "; preload" : "");
    }
}
