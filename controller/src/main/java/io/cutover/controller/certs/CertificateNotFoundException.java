package io.cutover.controller.certs;

/** A request named a certificate that was never added (or was removed). */
public final class CertificateNotFoundException extends RuntimeException {

    public CertificateNotFoundException(String name) {
        super("certificate \"" + name + "\" not found");
    }
}
