package io.cutover.controller;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The embedded router's TLS listener ({@code --router-tls-addr}) and the directory of {@code NAME.crt} +
 * {@code NAME.key} pairs it serves ({@code --router-tls-dir}), chosen by SNI (docs/router.md).
 *
 * @param host the address it listens on
 * @param port its port, 0 for a free one
 * @param directory the certificate pairs
 */
public record RouterTls(String host, int port, Path directory) {

    public RouterTls {
        requireNonNull(host, "host");
        requireNonNull(directory, "directory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("routerTls.port: " + port + " (expected: 0..65535)");
        }
    }
}
