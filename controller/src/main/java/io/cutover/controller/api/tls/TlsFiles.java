package io.cutover.controller.api.tls;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The API's certificate and private key, as PEM files ({@code --tls-cert}, {@code --tls-key}).
 *
 * @param certificate the server's certificate, optionally followed by the intermediate certificates of
 *     its chain, leaf first
 * @param key its private key, unencrypted: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 *     ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY})
 */
public record TlsFiles(Path certificate, Path key) {

    public TlsFiles {
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
    }

    /** Both paths made absolute, so a later change of working directory cannot change what is watched. */
    public TlsFiles absolute() {
        return new TlsFiles(certificate.toAbsolutePath().normalize(), key.toAbsolutePath().normalize());
    }

    @Override
    public String toString() {
        return certificate + " and " + key;
    }
}
