package io.cutover.core.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The content hash that identifies a revision: the same run part always gives the same hash. */
public final class RevisionHash {

    private RevisionHash() {}

    /** The first 12 hex digits of the SHA-256 of the run part's canonical JSON (keys sorted, defaults filled). */
    public static String of(AppSpec spec) {
        byte[] canonical = Manifests.toJson(spec.runPart()).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
