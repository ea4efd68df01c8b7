package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGProperty;

/**
 * Where a store lives, as {@code --store} (and {@code store migrate --from/--to}) names it: a SQLite
 * file in a data directory, or a PostgreSQL database. {@link #parse} reads the text; it touches no file
 * and no network.
 */
public sealed interface StoreUrl permits StoreUrl.Sqlite, StoreUrl.Postgres {

    /** What {@link #parse} accepts, for error messages and help. */
    String FORMS = "sqlite:DIR, postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?PARAM=VALUE&...]"
            + " or jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER[&password=PASSWORD&...]";

    /**
     * Reads a store URL: {@code sqlite:DIR}; {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE}
     * ({@code postgres://} too, port 5432 by default, user and password percent-encoded, optional
     * {@code ?PARAM=VALUE&...} with the PostgreSQL JDBC driver's parameters such as {@code sslmode});
     * or {@code jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER[&password=PASSWORD]}.
     *
     * @param option the option the text came from, named in errors ({@code --store})
     * @throws IllegalArgumentException naming {@code option} and the problem; a password is never repeated
     */
    static StoreUrl parse(String option, String text) {
        requireNonNull(option, "option");
        requireNonNull(text, "text");
        if (text.startsWith("sqlite:")) {
            String dir = text.substring("sqlite:".length());
            if (dir.isBlank()) {
                throw new IllegalArgumentException(option + ": sqlite: names no directory (expected: sqlite:DIR)");
            }
            return new Sqlite(Path.of(dir));
        }
        for (String scheme : new String[] {"postgresql://", "postgres://", "jdbc:postgresql://"}) {
            if (text.startsWith(scheme)) {
                return Postgres.parse(option, text, scheme);
            }
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "no kind" : "'" + text.substring(0, colon + 1) + "'";
        throw new IllegalArgumentException(option + ": a store URL starts with sqlite:, postgresql:// or jdbc:postgresql://, "
                + "not " + kind + " (expected: " + FORMS + ")");
    }

    /**
     * The embedded default: {@code cutover.db} in a directory.
     *
     * @param dataDir the directory the SQLite file is in
     */
    record Sqlite(Path dataDir) implements StoreUrl {

        public Sqlite {
            requireNonNull(dataDir, "dataDir");
        }

        @Override
        public String toString() {
            return "sqlite:" + dataDir;
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param port the server's port, 5432 when the URL names none
     * @param password the password, or null for none (a password file or {@code PGPASSWORD} may give
     *     one: {@link #withPassword}); never shown by {@link #toString}
     * @param parameters further connection parameters of the PostgreSQL JDBC driver ({@code sslmode}...)
     */
    record Postgres(String host, int port, String database, String user, @Nullable String password,
            Map<String, String> parameters) implements StoreUrl {

        /** PostgreSQL's port when the URL names none. */
        public static final int DEFAULT_PORT = 5432;

        public Postgres {
            requireNonNull(host, "host");
            requireNonNull(database, "database");
            requireNonNull(user, "user");
            parameters = Map.copyOf(parameters);
        }

        /**
         * This database with the password from where the operator put it: the URL's own, else the
         * content of {@code --store-password-file} ({@code fromFile}), else {@code PGPASSWORD}
         * ({@code fromEnvironment}). A password in both the URL and a file is refused: one of them would
         * be ignored silently.
         *
         * @param fileOption the option that named the file, for errors
         */
        public Postgres withPassword(String fileOption, @Nullable String fromFile, @Nullable String fromEnvironment) {
            if (fromFile != null && password != null) {
                throw new IllegalArgumentException(fileOption + ": the store URL has a password already; give it once");
            }
            if (fromFile != null && fromFile.isEmpty()) {
                throw new IllegalArgumentException(fileOption + ": the file is empty (expected: the password)");
            }
            String chosen = password != null ? password : fromFile != null ? fromFile : fromEnvironment;
            return new Postgres(host, port, database, user, chosen, parameters);
        }

        /** The JDBC URL of this database, without user and password (they are given apart). */
        public String jdbcUrl() {
            String hostPart = host.contains(":") ? "[" + host + "]" : host;
            String query = parameters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
            return "jdbc:postgresql://" + hostPart + ":" + port + "/" + encode(database) + (query.isEmpty() ? "" : "?" + query);
        }

        /** {@code postgresql://USER@HOST:PORT/DATABASE}: the password left out. */
        @Override
        public String toString() {
            return "postgresql://" + user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
        }

        private static Postgres parse(String option, String text, String scheme) {
            boolean jdbc = scheme.startsWith("jdbc:");
            String expected = " (expected: " + (jdbc ? "jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER[&password=PASSWORD]"
                    : "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE") + ")";
            URI uri;
            try {
                uri = new URI("postgresql://" + text.substring(scheme.length()));
            } catch (URISyntaxException e) {
                // the text is not repeated: it may hold a password
                throw new IllegalArgumentException(option + ": not a valid URL: " + e.getReason()
                        + " (percent-encode special characters in the user and password)" + expected);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(option + ": names no host, or a host that is not valid" + expected);
            }
            if (uri.getRawFragment() != null) {
                throw new IllegalArgumentException(option + ": has a '#' part (percent-encode it as %23 in a password)" + expected);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String database = decode(path.startsWith("/") ? path.substring(1) : path);
            if (database.isEmpty() || database.contains("/")) {
                throw new IllegalArgumentException(option + ": names no database" + expected);
            }
            Map<String, String> parameters = query(option, uri.getRawQuery());
            String user = parameters.remove("user");
            String password = parameters.remove("password");
            if (uri.getRawUserInfo() != null) {
                if (jdbc) {
                    throw new IllegalArgumentException(option + ": a JDBC URL gives the user as ?user=USER, not before the host" + expected);
                }
                if (user != null || password != null) {
                    throw new IllegalArgumentException(option + ": gives the user both before the host and as a parameter; give it once");
                }
                String info = uri.getRawUserInfo();
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
            }
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException(option + ": names no user" + expected);
            }
            int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(option + ": port " + port + " (expected: 1..65535)");
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return new Postgres(host, port, database, user, password, parameters);
        }

        private static Map<String, String> query(String option, @Nullable String raw) {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (raw == null || raw.isEmpty()) {
                return parameters;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (eq < 0 || name.isEmpty()) {
                    throw new IllegalArgumentException(option + ": parameter '" + name + "' has no value (expected: ?NAME=VALUE&...)");
                }
                if (!"user".equals(name) && !"password".equals(name) && PGProperty.forName(name) == null) {
                    throw new IllegalArgumentException(option + ": unknown parameter '" + name
                            + "' (expected: a PostgreSQL JDBC driver parameter, such as sslmode, sslrootcert or connectTimeout)");
                }
                if (parameters.put(name, decode(pair.substring(eq + 1))) != null) {
                    throw new IllegalArgumentException(option + ": parameter '" + name + "' is given twice");
                }
            }
            return parameters;
        }

        private static String decode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        private static String encode(String text) {
            return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
