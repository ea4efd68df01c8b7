package io.cutover.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;

/**
 * A command that cannot go on, with the reason shown to the user and the process's exit code.
 *
 * <p>Printed as {@code cutover: <message>} on stderr, followed by one {@code   field: problem} line per
 * detail; never with a stack trace.
 */
public final class CliFailure extends RuntimeException {

    /** Exit code of an error reported by the server, or of a check that failed (a timeout, say). */
    public static final int FAILED = 1;
    /** Exit code of a command line picocli could not parse. */
    public static final int USAGE = 2;
    /** Exit code when the Cutover server cannot be reached. */
    public static final int UNREACHABLE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int exitCode;
    private final List<String> details;

    /** A failure with exit code {@code exitCode}, a one-line message and the detail lines under it. */
    public CliFailure(int exitCode, String message, List<String> details) {
        super(requireNonNull(message, "message"), null, false, false);
        this.exitCode = exitCode;
        this.details = List.copyOf(details);
    }

    /** A failed check (exit code 1) with no details. */
    public static CliFailure failed(String message) {
        return new CliFailure(FAILED, message, List.of());
    }

    /**
     * The failure for an error answer from the API: its {@code message} and one line per
     * {@code details} entry. A body that is not the API's error shape still gives a readable line.
     */
    public static CliFailure fromErrorBody(int status, String body) {
        JsonNode error = parseOrNull(body);
        if (error == null || !error.isObject()) {
            String firstLine = body.strip().lines().findFirst().orElse("");
            if (firstLine.length() > 200) {
                firstLine = firstLine.substring(0, 200) + "…";
            }
            String message = "the server answered HTTP " + status + (firstLine.isEmpty() ? "" : ": " + firstLine);
            return new CliFailure(FAILED, message, List.of());
        }
        String message = error.path("message").asText("");
        if (message.isBlank()) {
            message = error.path("error").asText("");
        }
        if (message.isBlank()) {
            message = "the server answered HTTP " + status;
        }
        List<String> details = new ArrayList<>();
        for (JsonNode detail : error.path("details")) {
            String field = detail.path("field").asText("");
            String problem = detail.path("problem").asText("");
            details.add(field.isEmpty() ? problem : field + ": " + problem);
        }
        String summary = message;
        details.removeIf(summary::contains); // a one-problem message already says it
        return new CliFailure(FAILED, message, details);
    }

    /** The failure for a server that cannot be reached at {@code server} (exit code 3). */
    public static CliFailure unreachable(URI server, IOException cause) {
        return new CliFailure(
                UNREACHABLE,
                "cannot reach the Cutover server at " + server + " (" + reason(cause) + ")"
                        + " — start it with 'cutover server' or set CUTOVER_SERVER",
                List.of());
    }

    /** The exit code the process ends with. */
    public int exitCode() {
        return exitCode;
    }

    /** The lines under the message, each already {@code field: problem}. */
    public List<String> details() {
        return details;
    }

    /** The message and details as printed on stderr, each line ending in a newline. */
    public String render() {
        StringBuilder text = new StringBuilder("cutover: ").append(getMessage()).append('\n');
        for (String detail : details) {
            text.append("  ").append(detail).append('\n');
        }
        return text.toString();
    }

    /** Why a connection failed, in a few words: "connection refused", "unknown host example.org"... */
    public static String reason(Throwable failure) {
        // java.net.http wraps the cause in ConnectExceptions without a message: look at the whole chain first.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().contains("refused"))) {
                return "connection refused";
            }
        }
        String message = failure.getMessage();
        for (Throwable t = failure; (message == null || message.isBlank()) && t.getCause() != null; ) {
            t = t.getCause();
            message = t.getMessage();
        }
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
