package io.cutover.router.tls;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.List;

/**
 * A certificate a router serves, as it reports it (in {@code Router.certificates()}, its heartbeats and
 * {@code /metrics}).
 *
 * @param name the file name without {@code .crt} of its {@code --tls-dir} pair
 * @param hosts the DNS names it is chosen for, {@code *.example.com} for a wildcard
 * @param serial the leaf's serial number in hex
 * @param notAfter when it expires; ISO-8601 in JSON
 */
public record CertificateInfo(String name, List<String> hosts, String serial,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant notAfter) {

    public CertificateInfo {
        requireNonNull(name, "name");
        hosts = List.copyOf(hosts);
        requireNonNull(serial, "serial");
        requireNonNull(notAfter, "notAfter");
    }
}
