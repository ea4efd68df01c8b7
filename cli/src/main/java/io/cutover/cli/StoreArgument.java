package io.cutover.cli;

import io.cutover.controller.store.StoreUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A store named on the command line ({@code server --store}, {@code store migrate --from/--to}) with its
 * password: the URL's own, else {@code --store-password-file}'s content, else {@code $PGPASSWORD}.
 */
final class StoreArgument {

    /** The option naming the password file. */
    static final String PASSWORD_FILE = "--store-password-file";

    /** Its help, the same for every command that has it. */
    static final String PASSWORD_FILE_HELP = "A file holding the PostgreSQL store's password (else the URL's, else $PGPASSWORD).";

    private StoreArgument() {}

    /**
     * The store {@code text} names, a SQLite directory made absolute, a PostgreSQL database with its password.
     *
     * @param option the option {@code text} came from, named in errors
     * @param passwordFile {@code --store-password-file}, or null; its one line is the password
     * @throws IllegalArgumentException naming the option and the problem
     */
    static StoreUrl resolve(String option, String text, @Nullable Path passwordFile, Map<String, String> env) {
        StoreUrl url = StoreUrl.parse(option, text);
        return switch (url) {
            case StoreUrl.Sqlite sqlite -> {
                if (passwordFile != null) {
                    throw new IllegalArgumentException(PASSWORD_FILE + ": " + option + " names a SQLite store, which has no password");
                }
                yield new StoreUrl.Sqlite(sqlite.dataDir().toAbsolutePath().normalize());
            }
            case StoreUrl.Postgres postgres -> {
                String fromEnvironment = env.get("PGPASSWORD");
                yield postgres.withPassword(PASSWORD_FILE, passwordFile == null ? null : read(passwordFile),
                        fromEnvironment == null || fromEnvironment.isEmpty() ? null : fromEnvironment);
            }
        };
    }

    /** The file's content without the line break that ends it. */
    private static String read(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String line = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            if (line.contains("\n")) {
                throw new IllegalArgumentException(PASSWORD_FILE + ": " + file + " has more than one line (expected: the password)");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException(PASSWORD_FILE + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
