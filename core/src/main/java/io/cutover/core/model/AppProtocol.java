package io.cutover.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an app's instances speak on their port, so the router talks to them in it ({@code run.protocol}).
 * Clients may speak either to the router: it converts.
 */
public enum AppProtocol {
    /** HTTP/1.1 with keep-alive: the default. */
    @JsonProperty("http1")
    HTTP1,
    /**
     * HTTP/2 in clear text with prior knowledge (no upgrade): gRPC servers, and any server whose streams must
     * stay streams. The router multiplexes requests onto a few connections per instance and passes trailers.
     */
    @JsonProperty("h2c")
    H2C;

    /** As manifests, the API and the store write it. */
    public String word() {
        return this == HTTP1 ? "http1" : "h2c";
    }

    /** The protocol a word names, for rows written by {@link #word}; null or unknown: {@link #HTTP1}. */
    public static AppProtocol fromWord(String word) {
        return "h2c".equals(word) ? H2C : HTTP1;
    }

    /**
     * Jackson's filter for {@code @JsonInclude(CUSTOM)}: the default protocol is left out of the JSON, so
     * documents written before the field existed read and hash as they did.
     */
    public static final class DefaultFilter {
        @Override
        public boolean equals(Object value) {
            return value == null || value == HTTP1;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
