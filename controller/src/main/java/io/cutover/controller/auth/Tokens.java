package io.cutover.controller.auth;

import io.cutover.controller.engine.ConflictException;
import io.cutover.controller.events.Actor;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.ApiToken;
import io.cutover.controller.store.Store;
import io.cutover.core.auth.Role;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The API's tokens: created with a role and maybe an expiry, shown once, kept only as their SHA-256,
 * revoked by name (docs/security.md).
 */
public final class Tokens {

    /** What a token's name may look like. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    /** Every token starts so, which makes one easy to spot in a file or a leaked log. */
    static final String PREFIX = "cutover_";
    private static final int RANDOM_BYTES = 32; // 256 bits

    private final Store store;
    private final EventLog events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Tokens(Store store, EventLog events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A new token and its stored form.
     *
     * @param token the token itself: shown once, never stored
     */
    public record Created(ApiToken stored, String token) {}

    /**
     * Creates a token.
     *
     * @param name matches {@link #NAME} (the API checks)
     * @param ttl how long it works, or null for ever
     * @throws ConflictException if a token of that name exists; nothing changes
     */
    public Created create(String name, Role role, @Nullable Duration ttl) {
        String token = newToken();
        Instant now = clock.instant();
        ApiToken stored = new ApiToken(name, role, hash(token), now, ttl == null ? null : now.plus(ttl),
                Actor.current().orElse("server"));
        long id = store.transaction(tx -> {
            if (tx.token(name).isPresent()) {
                throw new ConflictException("a token named \"" + name + "\" exists; revoke it first or choose another name",
                        List.of());
            }
            tx.insertToken(stored);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("name", name);
            data.put("role", role.word());
            data.put("expires", stored.expires() == null ? null : stored.expires().toString());
            return events.append(tx, "token_created", null, data).id();
        });
        events.published(id);
        return new Created(stored, token);
    }

    /** Every token, by name (their hashes, never the tokens). */
    public List<ApiToken> list() {
        return store.tokens();
    }

    /**
     * Revokes a token: calls made with it are refused from now on.
     *
     * @throws TokenNotFoundException if there is none of that name
     */
    public ApiToken revoke(String name) {
        ApiToken[] revoked = new ApiToken[1];
        long id = store.transaction(tx -> {
            revoked[0] = tx.token(name).orElseThrow(() -> new TokenNotFoundException(name));
            tx.deleteToken(name);
            return events.append(tx, "token_revoked", null, Map.of("name", name, "role", revoked[0].role().word())).id();
        });
        events.published(id);
        return revoked[0];
    }

    /**
     * The token {@code presented} is, if it is one and has not expired: found by its SHA-256 through the
     * stored hashes' unique index. The lookup's timing can tell at most something of the hash of the guess
     * itself, never of a stored token.
     */
    public Optional<ApiToken> authenticate(String presented) {
        return store.tokenByHash(hash(presented)).filter(token -> !token.expiredAt(clock.instant()));
    }

    /** Whether {@code token} has expired by now. */
    public boolean expired(ApiToken token) {
        return token.expiredAt(clock.instant());
    }

    /** Whether an admin token that has not expired exists. */
    public boolean hasAdmin() {
        Instant now = clock.instant();
        return store.tokens().stream().anyMatch(t -> t.role() == Role.ADMIN && !t.expiredAt(now));
    }

    /** The SHA-256 of a token, hex: what the store keeps. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
