package io.cutover.controller.api;

import io.cutover.controller.auth.Tokens;
import io.cutover.controller.store.ApiToken;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import org.jspecify.annotations.Nullable;

/**
 * Runs before every matched endpoint: finds the caller's token ({@code Authorization: Bearer …}) and
 * refuses the call — 401 without a valid token, 403 when its role does not permit the endpoint's —
 * before anything is read or changed.
 */
final class Authenticator implements Handler {

    /** The request attribute holding the caller's {@link ApiToken}. */
    static final String CALLER = "cutover.caller";
    private static final String BEARER = "Bearer ";

    private final @Nullable Tokens tokens;
    private final boolean metricsOpen;

    /**
     * @param tokens the tokens to check against; null when the server runs with {@code --auth none}
     * @param metricsOpen whether {@code /metrics} answers without a token
     */
    Authenticator(@Nullable Tokens tokens, boolean metricsOpen) {
        this.tokens = tokens;
        this.metricsOpen = metricsOpen;
    }

    @Override
    public void handle(Context ctx) {
        Access access = access(ctx);
        if (access == Access.OPEN || (access == Access.METRICS && metricsOpen) || tokens == null) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new AccessDeniedException(401, "no token: send \"Authorization: Bearer TOKEN\" (the CLI reads "
                    + "--token-file, $CUTOVER_TOKEN or the local server's admin.token)");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AccessDeniedException(401, "Authorization: expected \"Bearer TOKEN\"");
        }
        ApiToken caller = tokens.authenticate(header.substring(BEARER.length()).strip())
                .orElseThrow(() -> new AccessDeniedException(401, "the token is not valid: unknown, revoked or expired"));
        if (!access.permits(caller.role())) {
            throw new AccessDeniedException(403, "token \"" + caller.name() + "\" has role " + caller.role().word() + "; "
                    + ctx.method() + " " + ctx.endpointHandlerPath() + " needs " + access.needs() + "; nothing changed");
        }
        ctx.attribute(CALLER, caller);
    }

    /** The endpoint's access; an endpoint registered without one is refused, never open. */
    private static Access access(Context ctx) {
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Access access) {
                return access;
            }
        }
        throw new AccessDeniedException(403, ctx.method() + " " + ctx.path() + " has no access rule");
    }

    /** A call refused for want of a token (401) or of a role (403). */
    static final class AccessDeniedException extends RuntimeException {
        private final int status;

        AccessDeniedException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
