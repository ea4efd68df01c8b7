package io.cutover.controller;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The embedded router's TLS listener ({@code --router-tls-addr}) and the directory of {@code NAME.crt} +
 * {@code NAME.key} pairs it serves ({@code --router-tls-dir}) beside the certificates added through the API,
 * chosen by SNI (docs/router.md).
 *
 * @param host the address it listens on
 * @param port its port, 0 for a free one
 * @param directory the certificate pairs; null to serve only the certificates added through the API
 */
public record RouterTls(String host, int port, @Nullable Path directory) {

    public RouterTls {
        requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("routerTls.port: " + port + " (expected: 0..65535)");
        }
    }
}
