package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.manifest.Manifests;
import io.javalin.http.Context;

/** JSON request bodies: an object, its required text fields; a malformed one is a 400 naming the field. */
final class RequestBodies {

    private RequestBodies() {}

    /** The body as a JSON object. */
    static JsonNode object(Context ctx) {
        try {
            JsonNode body = Manifests.json().readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new BadRequestException("", "expected a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A text field that must be there and not blank. */
    static String text(JsonNode body, String field) {
        if (!body.hasNonNull(field) || body.get(field).asText().isBlank()) {
            throw new BadRequestException(field, "is required");
        }
        return body.get(field).asText();
    }
}
