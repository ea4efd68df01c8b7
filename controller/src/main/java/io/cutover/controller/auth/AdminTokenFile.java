package io.cutover.controller.auth;

import io.cutover.core.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The first admin token, in {@code <data-dir>/admin.token} (mode 0600), where the CLI on the same machine
 * finds it: a server whose store has no admin token creates one there when it starts.
 */
public final class AdminTokenFile {

    /** The file's name inside the data directory. */
    public static final String NAME = "admin.token";

    private AdminTokenFile() {}

    /**
     * Creates an admin token and writes it to the data directory, unless an admin token exists; returns
     * the file when it wrote one.
     */
    public static Optional<Path> ensure(Tokens tokens, Path dataDir) {
        if (tokens.hasAdmin()) {
            return Optional.empty();
        }
        String name = tokens.list().stream().anyMatch(t -> t.name().equals("admin"))
                ? "admin-" + System.currentTimeMillis() / 1000 : "admin";
        Tokens.Created created = tokens.create(name, Role.ADMIN, null);
        Path file = dataDir.resolve(NAME);
        write(file, created.token() + "\n");
        return Optional.of(file);
    }

    /** Writes {@code text} to {@code file} readable by its owner only, replacing it in one step. */
    private static void write(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".admin-", ".token",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file + ": " + e.getMessage(), e);
        }
    }
}
