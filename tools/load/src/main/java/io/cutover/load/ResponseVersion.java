package io.cutover.load;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Which version answered: the top-level {@code "version"} of a JSON object body, else the
 * {@code X-Cutover-Revision} header, else {@code -}. Reads the body as bytes, without a JSON parser:
 * answers under load are small and this runs once per answer.
 */
final class ResponseVersion {

    /** The version of an answer that names none. */
    static final String NONE = "-";
    /** The header that names the revision when the body does not. */
    static final String REVISION_HEADER = "X-Cutover-Revision";
    /** Set on a router's maintenance answers; such answers count under the version {@link #MAINTENANCE}. */
    static final String MAINTENANCE_HEADER = "X-Cutover-Maintenance";
    static final String MAINTENANCE = "(maintenance)";

    private static final byte[] KEY = "version".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LENGTH = 64;

    private ResponseVersion() {}

    /**
     * The version of an answer.
     *
     * @param body the first {@code length} bytes of the body (the rest, if any, is not looked at)
     * @param revisionHeader the {@code X-Cutover-Revision} header, or {@code null}; {@link #MAINTENANCE} for a
     *     maintenance answer
     */
    static String of(byte[] body, int length, @Nullable String revisionHeader) {
        if (MAINTENANCE.equals(revisionHeader)) {
            return MAINTENANCE; // the router's own answer: whatever its body says
        }
        String fromBody = fromJson(body, length);
        if (fromBody != null) {
            return fromBody;
        }
        if (revisionHeader != null && !revisionHeader.isBlank()) {
            return clip(revisionHeader.strip());
        }
        return NONE;
    }

    /** The top-level {@code "version"} of a JSON object, or {@code null}. */
    private static @Nullable String fromJson(byte[] body, int length) {
        int i = skipSpace(body, 0, length);
        if (i >= length || body[i] != '{') {
            return null;
        }
        int depth = 0;
        while (i < length) {
            byte b = body[i];
            if (b == '"') {
                int end = stringEnd(body, i, length);
                if (end < 0) {
                    return null;
                }
                if (depth == 1 && isKey(body, i + 1, end)) {
                    int colon = skipSpace(body, end + 1, length);
                    if (colon < length && body[colon] == ':') {
                        return value(body, skipSpace(body, colon + 1, length), length);
                    }
                }
                i = end + 1;
            } else {
                if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                }
                i++;
            }
        }
        return null;
    }

    /** A string's text (escapes left as they are), or a number's or boolean's; {@code null} for anything else. */
    private static @Nullable String value(byte[] body, int start, int length) {
        if (start >= length) {
            return null;
        }
        if (body[start] == '"') {
            int end = stringEnd(body, start, length);
            return end < 0 ? null : text(body, start + 1, end);
        }
        int end = start;
        while (end < length && body[end] != ',' && body[end] != '}' && body[end] > ' ') {
            end++;
        }
        String token = text(body, start, end);
        return token.isEmpty() || token.equals("null") || token.startsWith("{") || token.startsWith("[") ? null : token;
    }

    /** The index of the quote that closes the string opened at {@code open}, or -1 if it does not close. */
    private static int stringEnd(byte[] body, int open, int length) {
        for (int i = open + 1; i < length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isKey(byte[] body, int from, int to) {
        if (to - from != KEY.length) {
            return false;
        }
        for (int i = 0; i < KEY.length; i++) {
            if (body[from + i] != KEY[i]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] body, int from, int length) {
        int i = from;
        while (i < length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static String text(byte[] body, int from, int to) {
        return clip(new String(body, from, to - from, StandardCharsets.UTF_8));
    }

    private static String clip(String version) {
        return version.length() <= MAX_LENGTH ? version : version.substring(0, MAX_LENGTH);
    }
}
