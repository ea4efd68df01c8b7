package io.cutover.controller.api;

import io.cutover.controller.events.Actor;
import io.cutover.controller.store.ApiToken;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Every endpoint of the API with the access it needs, registered on Javalin in one place, so no endpoint
 * exists without a rule and the rules can be listed (docs/security.md's table is checked against them).
 * Each handler runs acting for its caller's token ({@link Actor}), so the events it causes name it.
 */
final class Endpoints {

    /** One endpoint: method, Javalin path, access. */
    record Endpoint(String method, String path, Access access) {}

    private final Javalin javalin;
    private final List<Endpoint> all = new ArrayList<>();

    Endpoints(Javalin javalin) {
        this.javalin = javalin;
    }

    void get(String path, Access access, Handler handler) {
        all.add(new Endpoint("GET", path, access));
        javalin.get(path, acting(handler), access);
    }

    void post(String path, Access access, Handler handler) {
        all.add(new Endpoint("POST", path, access));
        javalin.post(path, acting(handler), access);
    }

    void put(String path, Access access, Handler handler) {
        all.add(new Endpoint("PUT", path, access));
        javalin.put(path, acting(handler), access);
    }

    void delete(String path, Access access, Handler handler) {
        all.add(new Endpoint("DELETE", path, access));
        javalin.delete(path, acting(handler), access);
    }

    void sse(String path, Access access, Consumer<SseClient> client) {
        all.add(new Endpoint("GET", path, access));
        javalin.sse(path, client, access);
    }

    /** Every endpoint registered, in order. */
    List<Endpoint> all() {
        return List.copyOf(all);
    }

    private static Handler acting(Handler handler) {
        return ctx -> Actor.as(callerName(ctx), () -> {
            handler.handle(ctx);
            return null;
        });
    }

    /** The name of the token the request came with, or null (an open endpoint, auth off). */
    static @Nullable String callerName(Context ctx) {
        ApiToken caller = ctx.attribute(Authenticator.CALLER);
        return caller == null ? null : caller.name();
    }
}
