package io.cutover.core.manifest;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The content hash that identifies a revision: the same run part always gives the same hash.
 *
 * <p>Secret values count, but only through a keyed digest (HMAC-SHA256 with a key the server keeps):
 * the hash is shown to anyone who may read an app, and a plain digest of a short secret could be
 * guessed by hashing candidates. A run part without secrets hashes the same under every key.
 */
public final class RevisionHash {

    /** The shortest key {@link #RevisionHash(byte[])} accepts, in bytes. */
    public static final int MIN_KEY_BYTES = 16;

    private final SecretKeySpec key;

    /**
     * @param secretKey the key secret values are digested with, at least {@value #MIN_KEY_BYTES} bytes; kept
     *     with the store, since another key gives a run part with secrets another hash
     */
    public RevisionHash(byte[] secretKey) {
        requireNonNull(secretKey, "secretKey");
        if (secretKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("secretKey: " + secretKey.length + " bytes (expected: at least "
                    + MIN_KEY_BYTES + ")");
        }
        this.key = new SecretKeySpec(secretKey, "HmacSHA256");
    }

    /**
     * The first 12 hex digits of the SHA-256 of the run part's canonical JSON (keys sorted, defaults
     * filled, each secret replaced by its keyed digest).
     */
    public String of(AppSpec spec) {
        String canonical = Manifests.toJson(spec.runPart(), this::digest);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private String digest(String secretValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // not thread-safe: one per use
            mac.init(key);
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(secretValue.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
