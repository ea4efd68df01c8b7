package io.cutover.cli;

import io.cutover.client.CliFailure;
import io.cutover.controller.auth.AdminTokenFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a client command's API token comes from, first found wins: {@code --token-file}, {@code
 * $CUTOVER_TOKEN}, {@code $CUTOVER_TOKEN_FILE}; and for a server on this machine (a loopback address) the
 * admin token it wrote to its data directory: {@code $CUTOVER_DATA_DIR/admin.token}, else {@code
 * ./cutover-data/admin.token} (the server's default data directory).
 */
final class TokenSource {

    private TokenSource() {}

    /** The token to send, or null when there is none to be found (the server then says 401). */
    static @Nullable String find(@Nullable Path tokenFile, URI server, Map<String, String> env, Path workingDir) {
        String given = given(tokenFile, env);
        if (given != null || !loopback(server.getHost())) {
            return given;
        }
        String dataDir = env.get("CUTOVER_DATA_DIR");
        Path local = (dataDir == null || dataDir.isBlank() ? workingDir.resolve("cutover-data") : Path.of(dataDir))
                .resolve(AdminTokenFile.NAME);
        return Files.isReadable(local) ? read(local, local.toString()) : null;
    }

    /**
     * The token given explicitly — {@code --token-file}, {@code $CUTOVER_TOKEN}, {@code $CUTOVER_TOKEN_FILE}
     * — or null. A stand-alone router takes only these: it never borrows the local admin token.
     */
    static @Nullable String given(@Nullable Path tokenFile, Map<String, String> env) {
        if (tokenFile != null) {
            return read(tokenFile, "--token-file");
        }
        String token = env.get("CUTOVER_TOKEN");
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        String file = env.get("CUTOVER_TOKEN_FILE");
        if (file != null && !file.isBlank()) {
            return read(Path.of(file), "CUTOVER_TOKEN_FILE");
        }
        return null;
    }

    private static String read(Path file, String where) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.contains("\n")) {
                throw new CliFailure(CliFailure.USAGE, where + ": " + file + " (expected: one line, the token)", List.of());
            }
            return token;
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, where + ": cannot read " + file + ": " + e.getMessage(), List.of());
        }
    }

    private static boolean loopback(@Nullable String host) {
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
