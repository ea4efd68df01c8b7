package io.cutover.dashboard;

import static org.awaitility.Awaitility.await;

import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.Traffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The soak benchmark behind {@code bench/dashboard-soak.sh} (not a test CI runs: its name ends in neither
 * IT nor Test): an app's page left open in Chromium while the app is deployed again and again under
 * traffic, for {@code -Dsoak.minutes} (default 60); each minute, after a forced garbage collection in the
 * page, the JavaScript heap in use and the page's element count, written to {@code -Dsoak.out}. The
 * page must keep up: each minute it shows the revision the API reports (within 30 s), and it counts, itself,
 * each new revision its status line showed. With {@code -Dsoak.snapshots=DIR}, full heap snapshots of the page
 * at minute 1 and at the end ({@code minute-N.heapsnapshot}, for DevTools' Memory panel or a script comparing them).
 */
class DashboardSoak {

    @RegisterExtension
    static final Chromium chromium = new Chromium(List.of("--js-flags=--expose-gc", "--enable-precise-memory-info"));

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    @Test
    void anAppsPageLeftOpenDuringDeployments() throws IOException, InterruptedException {
        int minutes = Integer.getInteger("soak.minutes", 60);
        Path out = Path.of(System.getProperty("soak.out", "target/dashboard-soak.md"));
        var browser = chromium.driver();
        server.deploy(RunningServer.simpleservice("hello", 2, "v0", ""));
        browser.get(server.apiUrl() + "/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("token")).isEmpty());
        browser.findElement(By.id("token")).sendKeys(server.adminToken(), org.openqa.selenium.Keys.ENTER);
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.cssSelector("table#apps")).isEmpty());
        browser.get(server.apiUrl() + "/#/apps/hello");
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("app-status")).isEmpty());
        // The page reports the revisions it shows to a counter of its own: polling it through WebDriver after
        // every deployment (findElement, executeScript) left objects in the very heap this run measures.
        browser.executeScript(WATCH_REVISIONS);

        List<String> rows = new ArrayList<>();
        Instant end = Instant.now().plus(Duration.ofMinutes(minutes));
        Instant nextSample = Instant.now();
        int deployments = 0;
        int lastRevision = 0;
        boolean profile = Boolean.getBoolean("soak.profile");
        String snapshots = System.getProperty("soak.snapshots"); // a directory: heap snapshots at minute 1 and at the end
        try (DevToolsSession devTools = snapshots == null ? null : DevToolsSession.open(browser);
                Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 2)) {
            while (Instant.now().isBefore(end)) {
                if (!Instant.now().isBefore(nextSample)) {
                    awaitShown(lastRevision);
                    rows.add(sample(rows.size(), deployments));
                    if (profile && rows.size() == 2) { // from minute 1 on: what the page allocates and keeps
                        chromium.driver().executeCdpCommand("HeapProfiler.enable", Map.of());
                        chromium.driver().executeCdpCommand("HeapProfiler.startSampling", Map.of("samplingInterval", 256));
                    }
                    if (devTools != null && rows.size() == 2) {
                        writeSnapshot(devTools, Path.of(snapshots), 1);
                    }
                    nextSample = nextSample.plus(Duration.ofMinutes(1));
                }
                deployments++;
                long id = server.applyDeployment(RunningServer.simpleservice("hello", 2, "v" + deployments, ""));
                server.awaitFinalized(id, Duration.ofSeconds(120));
                lastRevision = server.get("/v1/apps/hello").json().get("revision").asInt();
            }
            awaitShown(lastRevision);
            rows.add(sample(rows.size(), deployments));
            if (devTools != null) {
                int last = rows.size() - 1;
                writeSnapshot(devTools, Path.of(snapshots), last);
                rows.add("");
                rows.add("Full heap snapshots after GC (V8's and Blink's objects, what the JS heap column leaves out): "
                        + snapshotKib(Path.of(snapshots), 1) + " KiB at minute 1, " + snapshotKib(Path.of(snapshots), last)
                        + " KiB at minute " + last + ".");
            }
            if (profile) {
                rows.add("");
                rows.addAll(keptAllocations());
            }
            traffic.close();
            rows.add("");
            rows.add(deployments + " deployments, " + traffic.failed() + " failed requests of " + (traffic.failed() + traffic.succeeded()));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, "| minute | deployments so far | revisions the page showed | JS heap used after GC (KiB) | elements on the page"
                + " | DOM nodes, detached ones too | event listeners | JS objects | arrays | functions |\n|---|---|---|---|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n");
        System.out.println(Files.readString(out));
    }

    /** A heap snapshot of the page, {@code minute-N.heapsnapshot} in {@code directory} (-Dsoak.snapshots=DIR). */
    private static void writeSnapshot(DevToolsSession devTools, Path directory, int minute) throws IOException {
        Files.createDirectories(directory);
        devTools.writeHeapSnapshot(directory.resolve("minute-" + minute + ".heapsnapshot"));
    }

    private static long snapshotKib(Path directory, int minute) throws IOException {
        return DevToolsSession.totalSelfSize(directory.resolve("minute-" + minute + ".heapsnapshot")) / 1024;
    }

    /** Counts, in the page, each new revision its status line shows (one number kept, not a list). */
    private static final String WATCH_REVISIONS = """
            window.soak = {last: 0, shown: 0};
            new MutationObserver(() => {
              const line = document.getElementById('app-status')?.parentElement?.textContent || '';
              const m = line.match(/revision (\\d+) ·/);
              if (m && Number(m[1]) > window.soak.last) { window.soak.last = Number(m[1]); window.soak.shown++; }
            }).observe(document.body, {childList: true, subtree: true, characterData: true});
            """;

    /** Waits, in the page (one call), until it shows {@code revision}; fails the run if it does not within 30 s. */
    private void awaitShown(int revision) {
        Object shown = false;
        for (int attempt = 0; attempt < 4 && !Boolean.TRUE.equals(shown); attempt++) { // 4 × 7.5 s, within the script timeout
            shown = chromium.driver().executeAsyncScript("""
                    const [revision, done] = arguments, until = Date.now() + 7500;
                    (function check() {
                      if (window.soak.last >= revision) done(true); else if (Date.now() > until) done(false); else setTimeout(check, 200);
                    })();
                    """, revision);
        }
        if (!Boolean.TRUE.equals(shown)) {
            throw new AssertionError("the page did not show revision " + revision + " within 30 s");
        }
    }

    private String sample(int minute, int deployments) {
        @SuppressWarnings("unchecked")
        Map<String, Object> measured = (Map<String, Object>) chromium.driver().executeScript(
                "window.gc(); return {heap: performance.memory.usedJSHeapSize, elements: document.getElementsByTagName('*').length,"
                        + " shown: window.soak.shown};");
        Map<String, Object> dom = chromium.driver().executeCdpCommand("Memory.getDOMCounters", Map.of());
        return "| " + minute + " | " + deployments + " | " + measured.get("shown") + " | "
                + ((Number) measured.get("heap")).longValue() / 1024 + " | " + measured.get("elements") + " | " + dom.get("nodes")
                + " | " + dom.get("jsEventListeners") + " | " + objectsOf("Object.prototype") + " | " + objectsOf("Array.prototype")
                + " | " + objectsOf("Function.prototype") + " |";
    }

    /** How many live objects in the page have {@code prototype} in their chain (DevTools' queryObjects). */
    @SuppressWarnings("unchecked")
    private long objectsOf(String prototype) {
        var driver = chromium.driver();
        Map<String, Object> evaluated = driver.executeCdpCommand("Runtime.evaluate", Map.of("expression", prototype));
        String prototypeId = (String) ((Map<String, Object>) evaluated.get("result")).get("objectId");
        Map<String, Object> found = driver.executeCdpCommand("Runtime.queryObjects", Map.of("prototypeObjectId", prototypeId));
        String arrayId = (String) ((Map<String, Object>) found.get("objects")).get("objectId");
        Map<String, Object> length = driver.executeCdpCommand("Runtime.callFunctionOn", Map.of("objectId", arrayId,
                "functionDeclaration", "function () { return this.length; }", "returnByValue", true));
        driver.executeCdpCommand("Runtime.releaseObject", Map.of("objectId", arrayId));
        driver.executeCdpCommand("Runtime.releaseObject", Map.of("objectId", prototypeId));
        return ((Number) ((Map<String, Object>) length.get("result")).get("value")).longValue();
    }

    /**
     * The sampling heap profile since minute 1, after a full GC: the bytes still alive, by the function and
     * line that allocated them, the largest first (-Dsoak.profile=true).
     */
    @SuppressWarnings("unchecked")
    private List<String> keptAllocations() {
        chromium.driver().executeScript("window.gc();");
        Map<String, Object> answer = chromium.driver().executeCdpCommand("HeapProfiler.getSamplingProfile", Map.of());
        Map<String, Object> head = (Map<String, Object>) ((Map<String, Object>) answer.get("profile")).get("head");
        Map<String, Long> bySite = new java.util.HashMap<>();
        java.util.ArrayDeque<Map.Entry<Map<String, Object>, String>> work = new java.util.ArrayDeque<>();
        work.push(Map.entry(head, ""));
        while (!work.isEmpty()) {
            var next = work.pop();
            Map<String, Object> node = next.getKey();
            Map<String, Object> frame = (Map<String, Object>) node.get("callFrame");
            String url = String.valueOf(frame.get("url"));
            String here = frame.get("functionName") + " " + url.substring(url.lastIndexOf('/') + 1) + ":" + frame.get("lineNumber");
            String path = next.getValue().isEmpty() ? here : here + " < " + next.getValue().split(" < ")[0];
            long self = ((Number) node.get("selfSize")).longValue();
            if (self > 0) {
                bySite.merge(path, self, Long::sum);
            }
            for (Map<String, Object> child : (List<Map<String, Object>>) node.get("children")) {
                work.push(Map.entry(child, here));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("Bytes allocated since minute 1 and still alive, by allocating frame < its caller:");
        bySite.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> lines.add("- " + e.getValue() + " B  " + e.getKey()));
        return lines;
    }
}
