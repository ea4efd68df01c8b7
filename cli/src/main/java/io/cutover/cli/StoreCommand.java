package io.cutover.cli;

import io.cutover.client.CliFailure;
import io.cutover.controller.store.StoreCopy;
import io.cutover.controller.store.StoreUrl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cutover store migrate}: the store itself, with no server running (docs/store.md). */
@Command(name = "store", description = "Works on a store directly, with no server running.",
        subcommands = StoreCommand.Migrate.class)
final class StoreCommand {

    private StoreCommand() {}

    /** {@code cutover store migrate --from sqlite:DIR --to postgresql://…}: a single-machine install into PostgreSQL. */
    @Command(name = "migrate", sortOptions = false,
            description = {"Copies everything a SQLite store holds (apps, revisions, deployments, instances, routes, "
                    + "maintenance, the route generation, events with their ids, tokens) into an empty PostgreSQL store.",
                "Stop the server first; start it again with --store pointing at the PostgreSQL store and the same --data-dir."})
    static final class Migrate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "sqlite:DIR",
                description = "The SQLite store: sqlite:DIR, DIR the server's --data-dir.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "The PostgreSQL store, empty: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE or "
                        + "jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER.")
        String to;

        @Option(names = StoreArgument.PASSWORD_FILE, paramLabel = "FILE",
                description = StoreArgument.PASSWORD_FILE_HELP)
        @Nullable Path passwordFile;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            StoreUrl fromUrl;
            StoreUrl toUrl;
            try {
                fromUrl = StoreArgument.resolve("--from", from, null, Map.of());
                toUrl = StoreArgument.resolve("--to", to, passwordFile, System.getenv());
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
            if (!(fromUrl instanceof StoreUrl.Sqlite source)) {
                return usage(err, "--from: " + fromUrl + " is not a SQLite store (expected: sqlite:DIR)");
            }
            if (!(toUrl instanceof StoreUrl.Postgres target)) {
                return usage(err, "--to: " + toUrl + " is not a PostgreSQL store "
                        + "(expected: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)");
            }
            Map<String, Integer> copied;
            try {
                copied = StoreCopy.copy(source, target);
            } catch (IllegalStateException e) {
                throw CliFailure.failed("store migrate: " + e.getMessage());
            }
            out.println("copied " + copied.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", ")) + " from " + source + " to " + target);
            out.flush();
            return 0;
        }

        private static int usage(PrintWriter err, String message) {
            err.println("cutover: " + message);
            err.flush();
            return CliFailure.USAGE;
        }
    }
}
