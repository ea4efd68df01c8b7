package io.cutover.controller.ha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A controller's id, kept in {@code <data-dir>/controller.id} so a restarted controller is the same one
 * (and takes its own lease back at once instead of waiting for it to lapse).
 */
public final class ControllerIdentity {

    public static final String FILE = "controller.id";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private ControllerIdentity() {}

    /** The id in {@code dataDir}, made ({@code c-} and 8 hex digits) and written on first use. */
    public static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!ID.matcher(id).matches()) {
                    throw new IllegalStateException(file + ": \"" + id + "\" is not a controller id (expected: letters, "
                            + "digits, '.', '_' or '-', at most 63); fix or delete the file");
                }
                return id;
            }
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            String id = "c-" + HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
