package io.cutover.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.core.manifest.RuntimeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The app the demo deploys: simpleservice, found next to the launcher, as a manifest. */
final class DemoApp {

    static final String NAME = "hello";
    static final String HOST = "hello.localhost";
    /** The version deployed first. */
    static final String FIRST_VERSION = "1.0";
    /** The version the rolling deployment moves to. */
    static final String NEXT_VERSION = "2.0";
    /** The version the demo then deploys as a canary with automatic analysis. */
    static final String CANARY_VERSION = "3.0";

    /** The version the demo deploys blue-green, last. */
    static final String BLUE_GREEN_VERSION = "4.0";

    private static final String JAR = "examples/simpleservice/target/simpleservice.jar";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+-]+");

    private DemoApp() {}

    /**
     * The simpleservice jar: the {@code cutover.simpleservice.jar} system property if set, else under
     * {@code $CUTOVER_HOME}, else under the current directory.
     *
     * @throws CliFailure naming the places looked at, when it is nowhere
     */
    static Path locateJar(@Nullable String property, @Nullable String cutoverHome) {
        if (property != null && !property.isBlank()) {
            Path jar = Path.of(property).toAbsolutePath().normalize();
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        Path home = Path.of(cutoverHome == null || cutoverHome.isBlank() ? "." : cutoverHome);
        Path jar = home.resolve(JAR).toAbsolutePath().normalize();
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        throw CliFailure.failed("the demo needs " + jar + ", which is missing — build it with"
                + " 'mvn -q -B -DskipTests package' in the Cutover directory (the ./cutover launcher does this),"
                + " or set CUTOVER_HOME to that directory");
    }

    /**
     * The manifest: {@code instances} copies of simpleservice answering as {@code version}, with health
     * and readiness checks, replaced one at a time by a rolling deployment ({@code maxSurge 1,
     * maxUnavailable 0}: never fewer than {@code instances} routable).
     */
    static ObjectNode manifest(Path jar, int instances, String version) {
        return manifest(jar, instances, version, RuntimeKind.LOCAL);
    }

    /**
     * As {@link #manifest(Path, int, String)}, for {@code runtime}: on Kubernetes the app is the image
     * {@code simpleservice:VERSION}, which the sandbox's kubelet runs from the same jar.
     */
    static ObjectNode manifest(Path jar, int instances, String version, RuntimeKind runtime) {
        ObjectNode manifest = ApiClient.json().createObjectNode();
        manifest.put("name", NAME);
        manifest.put("instances", instances);
        ObjectNode run = manifest.putObject("run");
        if (runtime == RuntimeKind.KUBERNETES) {
            run.put("image", "simpleservice:" + version);
        } else {
            run.put("command", "exec java -Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + shellQuoted(jar.toString()));
        }
        run.putObject("env").put("SIMPLE_SERVICE_VERSION", version).put("QUIET", "true");
        manifest.putArray("routes").add(HOST);
        manifest.putObject("healthCheck").put("path", "/health").put("intervalSeconds", 1);
        manifest.putObject("readinessCheck").put("path", "/ready");
        manifest.putObject("strategy").put("type", "rolling").put("maxSurge", 1).put("maxUnavailable", 0);
        return manifest;
    }

    /**
     * The canary manifest: {@link #CANARY_VERSION} at 20% of the traffic, 2 s to warm up, then judged
     * against the stable revision over 3 s (error rate, and latency within 300%: a new JVM answers a
     * sub-millisecond request several times slower than one that has run for a while, and the stable
     * revision here has), then 50% and judged again, then all of it — no pause for a human: the analysis
     * decides.
     */
    static ObjectNode canaryManifest(Path jar, int instances, RuntimeKind runtime) {
        ObjectNode manifest = manifest(jar, instances, CANARY_VERSION, runtime);
        ObjectNode strategy = manifest.putObject("strategy").put("type", "canary");
        var steps = strategy.putArray("steps");
        for (int weight : new int[] {20, 50}) {
            steps.addObject().put("setWeight", weight);
            steps.addObject().putObject("pause").put("duration", "2s");
            steps.addObject().putObject("analysis").put("interval", "3s").put("minSamples", 30).put("latencyTolerance", 300);
        }
        steps.addObject().put("setWeight", 100);
        return manifest;
    }

    /**
     * The blue-green manifest: {@link #BLUE_GREEN_VERSION} at full size beside the running version, a
     * probe through the preview route that must see the new version, promoted 1 s after it passed (no
     * human needed), the old version kept warm 2 s after the switch.
     */
    static ObjectNode blueGreenManifest(Path jar, int instances, RuntimeKind runtime) {
        ObjectNode manifest = manifest(jar, instances, BLUE_GREEN_VERSION, runtime);
        ObjectNode strategy = manifest.putObject("strategy").put("type", "blueGreen").put("autoPromotionSeconds", 1)
                .put("scaleDownDelaySeconds", 2);
        strategy.putArray("prePromotionChecks").addObject().put("path", "/endpoint0")
                .put("bodyContains", "\"version\": \"" + BLUE_GREEN_VERSION + "\"");
        return manifest;
    }

    /** The instances run through {@code /bin/sh -c}: a path with spaces or quotes must be quoted. */
    static String shellQuoted(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
