package io.cutover.router.testing;

import java.security.MessageDigest;
import java.util.HexFormat;

/** The byte pattern test bodies are made of, and its digest. */
public final class Patterns {

    private Patterns() {
    }

    /** {@code length} bytes cycling through 0..250. */
    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    /** The SHA-256 of {@code total} bytes made of repeated {@code bytes(chunk)} blocks, in hex. */
    public static String sha256OfRepeated(int chunk, long total) {
        MessageDigest sha = TestBackend.sha256();
        byte[] block = bytes(chunk);
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            sha.update(block, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
