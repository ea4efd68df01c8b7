package io.cutover.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One run of {@code cutover} in this JVM, with what it printed. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code cutover args...}. */
    public static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code cutover args... --server api}. */
    static CliRun against(FakeApi api, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--server");
        all.add(api.url());
        return of(all.toArray(String[]::new));
    }
}
