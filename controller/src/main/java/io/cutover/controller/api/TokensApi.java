package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.auth.Tokens;
import io.cutover.controller.store.ApiToken;
import io.cutover.core.auth.Role;
import io.cutover.core.manifest.Durations;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /v1/tokens}: create (the token shown once), list, revoke. Admin only. */
final class TokensApi {

    private final Tokens tokens;

    TokensApi(Tokens tokens) {
        this.tokens = tokens;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/tokens", Access.ADMIN, ctx -> ctx.json(tokens.list().stream().map(this::view).toList()));
        endpoints.post("/v1/tokens", Access.ADMIN, this::create);
        endpoints.delete("/v1/tokens/{name}", Access.ADMIN, ctx -> {
            ApiToken revoked = tokens.revoke(ctx.pathParam("name"));
            Map<String, Object> body = view(revoked);
            body.put("revoked", true);
            ctx.json(body);
        });
    }

    private void create(Context ctx) {
        JsonNode body = RequestBodies.object(ctx);
        String name = RequestBodies.text(body, "name");
        if (!Tokens.NAME.matcher(name).matches()) {
            throw new BadRequestException("name", "\"" + name + "\" (expected: lower-case letters, digits, '.', '_' or '-', "
                    + "starting and ending with a letter or digit, at most 63 characters)");
        }
        Role role;
        try {
            role = Role.parse(RequestBodies.text(body, "role"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("role", e.getMessage());
        }
        Duration ttl = null;
        if (body.hasNonNull("expires")) {
            ttl = Durations.parse(body.get("expires").asText());
            if (ttl == null || ttl.isZero() || !body.get("expires").isTextual()) {
                throw new BadRequestException("expires", body.get("expires") + " (expected: how long it works, "
                        + Durations.EXPECTED + "; leave it out for a token that does not expire)");
            }
        }
        Tokens.Created created = tokens.create(name, role, ttl);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("role", role.word());
        answer.put("token", created.token());
        answer.put("expires", created.stored().expires() == null ? null : created.stored().expires().toString());
        ctx.status(201).json(answer);
    }

    private Map<String, Object> view(ApiToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", token.name());
        view.put("role", token.role().word());
        view.put("created", token.created().toString());
        view.put("createdBy", token.createdBy());
        view.put("expires", token.expires() == null ? null : token.expires().toString());
        view.put("expired", tokens.expired(token));
        return view;
    }
}
