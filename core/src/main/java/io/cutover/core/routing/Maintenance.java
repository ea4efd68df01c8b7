package io.cutover.core.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cutover.core.manifest.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route in maintenance: the routers answer every request on it themselves, whatever the path and
 * method, instead of passing it to the app — JSON to clients that accept JSON, an HTML page to browsers,
 * text otherwise. A request with the bypass header and its secret reaches the app as usual.
 *
 * @param status the status of the answer, 200..599. Default 503
 * @param message what the answer says. Default "APP is down for maintenance."
 * @param retryAfterSeconds the {@code Retry-After} header, in seconds; null for none
 * @param json the body for clients that accept JSON, a JSON document as text; null: {@code {"status": …,
 *     "message": …, "retryAfter": …}}
 * @param headers more headers of the answer
 * @param bypassHeader the name of a request header that lets a request through; null for none
 * @param bypassSha256 the SHA-256 of the value that header must have, in lower-case hex (the secret
 *     itself stays with the controller)
 * @param automatic set by the controller, not an operator: the gap of a {@code recreate} deployment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Maintenance(Integer status, @Nullable String message, @Nullable Integer retryAfterSeconds,
        @Nullable String json, Map<String, String> headers, @Nullable String bypassHeader, @Nullable String bypassSha256,
        Boolean automatic) {

    public Maintenance {
        status = status == null ? 503 : status;
        headers = headers == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(headers));
        automatic = automatic != null && automatic;
    }

    /** The answer during a {@code recreate} deployment's gap: 503, retry in a few seconds. */
    public static Maintenance recreating(String app) {
        return new Maintenance(503, app + " is being redeployed; try again in a few seconds.", 5, null, Map.of(), null, null, true);
    }

    /** The message, or the default for {@code app}. */
    public String messageFor(String app) {
        return message != null ? message : app + " is down for maintenance.";
    }

    /** The SHA-256 of a bypass secret, as {@link #bypassSha256} holds it. */
    public static String sha256(String secret) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Headers an operator may not set: the router frames the answer itself. */
    private static final List<String> RESERVED = List.of("content-length", "content-type", "transfer-encoding", "connection",
            "retry-after");

    /**
     * What is wrong with this maintenance as an operator gave it; empty when it is fine.
     */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (status < 200 || status > 599) {
            problems.add(new Problem("status", status + " (expected: 200..599)"));
        }
        if (retryAfterSeconds != null && (retryAfterSeconds < 0 || retryAfterSeconds > 86_400 * 7)) {
            problems.add(new Problem("retryAfter", retryAfterSeconds + " (expected: 0..604800 seconds)"));
        }
        if (message != null && message.length() > 4096) {
            problems.add(new Problem("message", message.length() + " characters (expected: at most 4096)"));
        }
        if (json != null && json.length() > 65_536) {
            problems.add(new Problem("json", json.length() + " characters (expected: at most 65536)"));
        }
        headers.forEach((name, value) -> {
            if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                problems.add(new Problem("headers." + name, "not a header name"));
            } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add(new Problem("headers." + name, "is set by the router (use retryAfter for Retry-After)"));
            } else if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                problems.add(new Problem("headers." + name, "the value must be one line"));
            }
        });
        if ((bypassHeader == null) != (bypassSha256 == null)) {
            problems.add(new Problem("bypass", "give the header's name and its secret both (NAME=SECRET)"));
        } else if (bypassHeader != null && !bypassHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            problems.add(new Problem("bypass", "\"" + bypassHeader + "\" is not a header name"));
        }
        return problems;
    }
}
