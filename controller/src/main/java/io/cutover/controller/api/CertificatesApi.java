package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.certs.Certificates;
import io.cutover.controller.store.StoredCertificate;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/certificates}: the certificates added through the API, which every router's TLS listener
 * serves. Anyone may list them (never the keys); adding and removing is the admin's, answered once every
 * live router applied the change.
 */
final class CertificatesApi {

    private final Certificates certificates;
    private final Clock clock;

    CertificatesApi(Certificates certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/certificates", Access.VIEWER, ctx -> ctx.json(certificates.list().stream().map(this::view).toList()));
        endpoints.put("/v1/certificates/{name}", Access.ADMIN, this::add);
        endpoints.delete("/v1/certificates/{name}", Access.ADMIN, ctx -> {
            Certificates.Changed removed = certificates.remove(ctx.pathParam("name"));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", ctx.pathParam("name"));
            answer.put("removed", true);
            confirmed(answer, removed);
            ctx.json(answer);
        });
    }

    private void add(Context ctx) throws InterruptedException {
        JsonNode body = RequestBodies.object(ctx);
        Certificates.Changed added;
        try {
            added = certificates.add(ctx.pathParam("name"), RequestBodies.text(body, "certificate"), RequestBodies.text(body, "key"));
        } catch (Certificates.InvalidCertificateException e) {
            throw new BadRequestException(List.of(e.problem()));
        }
        Map<String, Object> answer = view(added.certificate());
        confirmed(answer, added);
        ctx.json(answer);
    }

    private static void confirmed(Map<String, Object> answer, Certificates.Changed change) {
        answer.put("generation", change.generation());
        answer.put("lagging", change.lagging());
    }

    private Map<String, Object> view(StoredCertificate certificate) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", certificate.name());
        view.put("hosts", certificate.hosts());
        view.put("serial", certificate.serial());
        view.put("notAfter", certificate.notAfter().toString());
        view.put("expired", !certificate.notAfter().isAfter(clock.instant()));
        view.put("addedAt", certificate.addedAt().toString());
        view.put("addedBy", certificate.addedBy());
        return view;
    }
}
