package io.cutover.examples.simpleservice;

/**
 * JSON string literals, written by hand so the service needs no library. Everything else in its
 * answers is fixed text around these.
 */
final class Json {

    private Json() {}

    /** {@code s} as a JSON string literal. */
    static String quote(String s) {
        StringBuilder json = new StringBuilder(s.length() + 2);
        appendQuoted(json, s);
        return json.toString();
    }

    /** Appends {@code s} to {@code json} as a JSON string literal. */
    static void appendQuoted(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pairedSurrogate) {
                        json.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                        // Lone surrogates cannot be encoded as UTF-8; the line separators break JavaScript.
                        json.append("\\u");
                        for (int shift = 12; shift >= 0; shift -= 4) {
                            json.append(Character.forDigit((c >> shift) & 0xf, 16));
                        }
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
