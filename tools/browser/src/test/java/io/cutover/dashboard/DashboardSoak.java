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
 * page must keep up: after each deployment it shows the revision the API reports.
 */
class DashboardSoak {

    @RegisterExtension
    static final Chromium chromium = new Chromium(List.of("--js-flags=--expose-gc", "--enable-precise-memory-info"));

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    @Test
    void anAppsPageLeftOpenDuringDeployments() throws IOException {
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

        List<String> rows = new ArrayList<>();
        Instant end = Instant.now().plus(Duration.ofMinutes(minutes));
        Instant nextSample = Instant.now();
        int deployments = 0;
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 2)) {
            while (Instant.now().isBefore(end)) {
                if (!Instant.now().isBefore(nextSample)) {
                    rows.add(sample(rows.size(), deployments));
                    nextSample = nextSample.plus(Duration.ofMinutes(1));
                }
                deployments++;
                long id = server.applyDeployment(RunningServer.simpleservice("hello", 2, "v" + deployments, ""));
                server.awaitFinalized(id, Duration.ofSeconds(120));
                int revision = server.get("/v1/apps/hello").json().get("revision").asInt();
                // Read by a script, not findElement: ChromeDriver keeps every element it hands out in a cache
                // inside the page, which would grow the heap measured here by each poll.
                await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(browser.executeScript(
                        "return document.querySelector('main').innerText")).contains("revision " + revision + " ·"));
            }
            rows.add(sample(rows.size(), deployments));
            traffic.close();
            rows.add("");
            rows.add(deployments + " deployments, " + traffic.failed() + " failed requests of " + (traffic.failed() + traffic.succeeded()));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, "| minute | deployments so far | JS heap used after GC (KiB) | elements on the page |\n|---|---|---|---|\n"
                + String.join("\n", rows) + "\n");
        System.out.println(Files.readString(out));
    }

    private String sample(int minute, int deployments) {
        @SuppressWarnings("unchecked")
        Map<String, Object> measured = (Map<String, Object>) chromium.driver().executeScript(
                "window.gc(); return {heap: performance.memory.usedJSHeapSize, elements: document.getElementsByTagName('*').length};");
        return "| " + minute + " | " + deployments + " | " + ((Number) measured.get("heap")).longValue() / 1024 + " | "
                + measured.get("elements") + " |";
    }
}
