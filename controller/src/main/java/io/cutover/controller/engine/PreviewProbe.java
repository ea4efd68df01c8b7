package io.cutover.controller.engine;

import io.cutover.controller.routing.RoutingHub;
import io.cutover.core.manifest.HttpProbe;
import io.cutover.core.routing.RouteTableComposer;
import io.cutover.router.RouterClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Sends a blue-green deployment's pre-promotion probes through the preview host of a live router. */
final class PreviewProbe {

    private PreviewProbe() {}

    /** Sends every probe; the first problem, or null when all answered as expected. */
    static @Nullable String run(RoutingHub hub, String app, List<HttpProbe> probes) {
        String address = null;
        for (Map<String, Object> router : hub.describe()) {
            if (Boolean.TRUE.equals(router.get("live")) && router.get("address") instanceof String a) {
                address = a.startsWith("0.0.0.0:") ? "127.0.0.1" + a.substring(7) : a;
                break;
            }
        }
        if (address == null) {
            return "no live router to send the probes through";
        }
        String host = RouteTableComposer.previewHost(app);
        for (HttpProbe probe : probes) {
            try {
                RouterClient.Answer answer = RouterClient.at(address, Duration.ofSeconds(10)).get(host, probe.path());
                if (answer.status() != probe.status()) {
                    return "GET " + probe.path() + " → " + answer.status() + " (expected " + probe.status() + "): "
                            + clip(answer.body());
                }
                if (probe.bodyContains() != null && !answer.body().contains(probe.bodyContains())) {
                    return "GET " + probe.path() + " → body without \"" + probe.bodyContains() + "\": " + clip(answer.body());
                }
            } catch (IOException e) {
                return "GET " + probe.path() + " through " + address + " failed: " + e;
            }
        }
        return null;
    }

    private static String clip(String body) {
        String line = body.strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
