package io.cutover.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, one browser per test class: installed
 * with apt-get when missing (so a fresh machine runs these tests), never downloaded. Both paths are
 * given to Selenium, so its driver manager has nothing to find. Every process is stopped after the class.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final List<String> extraArguments;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path profile;
    /** The driver's and the browser's processes (started here), to stop whatever quit leaves. */
    private List<ProcessHandle> processes = List.of();

    Chromium() {
        this(List.of());
    }

    /** @param extraArguments more command-line switches for the browser (the soak benchmark exposes the GC) */
    Chromium(List<String> extraArguments) {
        this.extraArguments = List.copyOf(extraArguments);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ensureInstalled();
        profile = Files.createTempDirectory("cutover-chromium-");
        java.util.Set<ProcessHandle> before = java.util.Set.copyOf(ProcessHandle.current().descendants().toList());
        service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        service.start();
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-extensions",
                "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile).addArguments(extraArguments);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        processes = ProcessHandle.current().descendants().filter(p -> !before.contains(p)).toList();
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        List<ProcessHandle> browsers = processes.stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p),
                p.descendants())).toList();
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            for (ProcessHandle left : browsers) { // what quit left behind (a renderer that hung)
                if (left.isAlive()) {
                    left.destroyForcibly();
                }
            }
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** apt-get install chromium chromium-driver when either is missing (as CI's machines run as root). */
    static void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        if (!install(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"))) {
            install(List.of("apt-get", "update", "-qq"));
            if (!install(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"))) {
                throw new IllegalStateException("could not install Debian's chromium and chromium-driver (apt-get failed; "
                        + "see the test output)");
            }
        }
    }

    private static boolean install(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }
}
