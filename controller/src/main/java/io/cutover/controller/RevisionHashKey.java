package io.cutover.controller;

import io.cutover.core.manifest.RevisionHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key secret env values are digested with before they enter a revision hash, kept next to the store
 * in {@code <data-dir>/revision-hash.key} (64 hex digits, mode 0600), made on the first start. It stays
 * with the data: under another key, an unchanged manifest with secrets would look like a new revision.
 */
final class RevisionHashKey {

    static final String FILE = "revision-hash.key";
    private static final int BYTES = 32;

    private RevisionHashKey() {}

    /** The data directory's revision hash, its key made now if there is none yet. */
    static RevisionHash of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return new RevisionHash(read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        // Unreadable to others before the key is in it; in place whole or not at all.
        Path partial = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(file.getParent(), FILE, ".partial",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(file.getParent(), FILE, ".partial");
        try {
            Files.writeString(partial, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static byte[] read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            byte[] key = HexFormat.of().parseHex(text);
            if (key.length >= RevisionHash.MIN_KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(file + ": not a key (expected: " + BYTES * 2 + " hex digits); delete it to make"
                + " a new one (apps with secret env values then get a new revision on their next apply)");
    }
}
