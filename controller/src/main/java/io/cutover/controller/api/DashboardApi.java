package io.cutover.controller.api;

import io.cutover.controller.store.ApiToken;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard (docs/dashboard.md): a few static files from the jar, its page at {@code /} and the rest
 * at {@code /ui/}, with no
 * token (they hold no data: every datum comes from the API, with the user's token), and
 * {@code GET /v1/session}, which tells the dashboard whose token it holds and what that token may do.
 * The files are a fixed list read once; no path reaches the file system.
 */
final class DashboardApi {

    /** The dashboard's files, by name: where in the jar, and their content type. */
    private record File(String resource, String contentType) {}

    /** uPlot's webjar: its version is the pom's {@code uplot.version} (a server whose jar lacks it does not start). */
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, File> FILES = Map.of(
            "index.html", new File("/dashboard/index.html", "text/html; charset=utf-8"),
            "dashboard.js", new File("/dashboard/dashboard.js", "text/javascript; charset=utf-8"),
            "views.js", new File("/dashboard/views.js", "text/javascript; charset=utf-8"),
            "charts.js", new File("/dashboard/charts.js", "text/javascript; charset=utf-8"),
            "dashboard.css", new File("/dashboard/dashboard.css", "text/css; charset=utf-8"),
            "uPlot.min.js", new File(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "uPlot.min.css", new File(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    /**
     * Scripts, styles and connections only from this origin, no frames, no inline script; the page
     * cannot send data anywhere but the API it came from.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    DashboardApi() {
        FILES.forEach((name, file) -> files.put(name, read(file.resource())));
    }

    void register(Endpoints endpoints) {
        endpoints.get("/", Access.OPEN, ctx -> serve(ctx, "index.html"));
        endpoints.get("/ui/{file}", Access.OPEN, ctx -> serve(ctx, ctx.pathParam("file")));
        endpoints.get("/v1/session", Access.VIEWER, this::session);
    }

    private void serve(Context ctx, String name) {
        byte[] body = files.get(name);
        if (body == null) {
            throw new NotFoundResponse("no dashboard file " + name);
        }
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .contentType(FILES.get(name).contentType())
                .result(body);
    }

    /** Whose token this is and its role; with {@code --auth none}, an admin without a name. */
    private void session(Context ctx) {
        ApiToken caller = ctx.attribute(Authenticator.CALLER);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", caller == null ? null : caller.name());
        out.put("role", caller == null ? "admin" : caller.role().word());
        out.put("expires", caller == null || caller.expires() == null ? null : caller.expires().toString());
        ctx.json(out);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + resource + " is not in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
