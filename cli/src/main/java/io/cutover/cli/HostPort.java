package io.cutover.cli;

import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A listen address as given to {@code --api-addr} and {@code --router-addr}: {@code HOST:PORT},
 * {@code :PORT} (the option's default host) or {@code [IPv6]:PORT}. Port 0 picks a free port.
 *
 * @param host the host, or empty for the option's default host
 * @param port 0..65535
 */
record HostPort(Optional<String> host, int port) {

    HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** Parses {@code HOST:PORT} or {@code :PORT}; the exception's message says what was expected. */
    static HostPort parse(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' (expected: HOST:PORT or :PORT)");
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' (expected: HOST:PORT, with an IPv6 host in brackets)");
        }
        if (host.isBlank() && value.startsWith("[")) {
            throw new IllegalArgumentException("'" + text + "' (expected: HOST:PORT or :PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: HOST:PORT or :PORT, PORT a number 0..65535)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' (expected: a port 0..65535)");
        }
        return new HostPort(host.isBlank() ? Optional.empty() : Optional.of(host), port);
    }

    /** The host, or {@code defaultHost} when none was given. */
    String hostOr(String defaultHost) {
        return host.orElse(defaultHost);
    }

    /** Reads the option; picocli reports a failure as a usage error naming the option. */
    static final class Converter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
