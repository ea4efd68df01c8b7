package io.cutover.router.table;

import java.util.Locale;

/** Turns a {@code Host} header into the name routes are keyed by. */
public final class HostName {

    private HostName() {
    }

    /**
     * The host without its port, lower-case, without a trailing dot. Returns the value itself when it is
     * already in that form, which is the common case, so nothing is allocated.
     */
    public static String normalize(String hostHeader) {
        int end = hostHeader.length();
        if (end > 0 && hostHeader.charAt(0) == '[') {
            int close = hostHeader.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = hostHeader.lastIndexOf(':');
            if (colon >= 0) {
                end = colon;
            }
        }
        if (end > 0 && hostHeader.charAt(end - 1) == '.') {
            end--;
        }
        boolean lower = true;
        for (int i = 0; i < end; i++) {
            char c = hostHeader.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                lower = false;
                break;
            }
        }
        if (lower && end == hostHeader.length()) {
            return hostHeader;
        }
        String host = hostHeader.substring(0, end);
        return lower ? host : host.toLowerCase(Locale.ROOT);
    }
}
