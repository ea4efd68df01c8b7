package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.cutover.client.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover certs}: the certificates each router's TLS listener serves, soonest to expire first; {@code add}
 * and {@code remove} manage the ones added through the API.
 */
@Command(name = "certs", description = {
    "Lists the certificates the routers' TLS listeners serve (--tls-dir of cutover router, --router-tls-dir of the",
    "server, and those added with cutover certs add): the hosts each is chosen for, its serial, when it expires and",
    "the days left, soonest first."}, subcommands = {CertsCommand.Add.class, CertsCommand.Remove.class})
final class CertsCommand extends ClientCommand {

    @Command(name = "add", description = {
        "Adds the certificate for HOST (or replaces the one added for it): every router's TLS listener serves it to",
        "clients asking for HOST (a wildcard *.example.com: for the names one label under example.com). Answers once",
        "every live router serves it. Needs an admin token."})
    static final class Add extends ClientCommand {

        @Parameters(index = "0", paramLabel = "HOST", description = "The host it is for; the certificate must name it.")
        String host;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "The chain, PEM, leaf first.")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Its private key, PEM, unencrypted.")
        Path key;

        @Override
        int execute(ApiClient api, PrintWriter out) {
            ObjectNode body = ApiClient.json().createObjectNode().put("certificate", read("--cert", cert)).put("key", read("--key", key));
            JsonNode added = api.put("/v1/certificates/" + ApiClient.segment(host), body).json();
            if (json()) {
                printJson(out, added);
                return 0;
            }
            out.println("certificate " + added.path("name").asText() + " (serial " + added.path("serial").asText() + ", expires "
                    + added.path("notAfter").asText() + ") served from generation " + added.path("generation").asLong()
                    + lagging(added));
            return 0;
        }
    }

    @Command(name = "remove", description = "Removes the certificate added for HOST; answers once no live router serves it.")
    static final class Remove extends ClientCommand {

        @Parameters(index = "0", paramLabel = "HOST", description = "The host it was added for.")
        String host;

        @Override
        int execute(ApiClient api, PrintWriter out) {
            JsonNode removed = api.delete("/v1/certificates/" + ApiClient.segment(host)).json();
            if (json()) {
                printJson(out, removed);
                return 0;
            }
            out.println("certificate " + host + " removed from generation " + removed.path("generation").asLong() + lagging(removed));
            return 0;
        }
    }

    private static String lagging(JsonNode answer) {
        List<String> lagging = new ArrayList<>();
        answer.path("lagging").forEach(r -> lagging.add(r.asText()));
        return lagging.isEmpty() ? " on every live router" : "; not yet applied by " + String.join(", ", lagging);
    }

    private static String read(String option, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure(CliFailure.USAGE, option + ": cannot read " + file + ": " + e.getMessage(), List.of());
        }
    }

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode routers = api.get("/v1/routers");
        List<Row> rows = rows(routers);
        if (json()) {
            ArrayNode list = ApiClient.json().createArrayNode();
            for (Row row : rows) {
                ObjectNode node = list.addObject().put("router", row.router()).put("certificate", row.certificate());
                row.hosts().forEach(node.putArray("hosts")::add);
                node.put("serial", row.serial()).put("notAfter", row.notAfter().toString());
            }
            printJson(out, list);
            return 0;
        }
        if (rows.isEmpty()) {
            out.println("no router serves a certificate (cutover router --listen-tls ADDR [--tls-dir DIR], or cutover server "
                    + "--router-tls-addr ADDR [--router-tls-dir DIR]; then cutover certs add HOST --cert FILE --key FILE)");
            return 0;
        }
        table(rows, Instant.now()).printTo(out);
        return 0;
    }

    /** One certificate of one router. */
    record Row(String router, String certificate, List<String> hosts, String serial, Instant notAfter) {}

    static List<Row> rows(JsonNode routers) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode router : routers) {
            for (JsonNode c : router.path("certificates")) {
                List<String> hosts = new ArrayList<>();
                c.path("hosts").forEach(h -> hosts.add(h.asText()));
                rows.add(new Row(router.path("id").asText(), c.path("name").asText(), hosts, c.path("serial").asText(),
                        Instant.parse(c.path("notAfter").asText())));
            }
        }
        rows.sort(java.util.Comparator.comparing(Row::notAfter).thenComparing(Row::router).thenComparing(Row::certificate));
        return rows;
    }

    static Table table(List<Row> rows, Instant now) {
        Table table = Table.withColumns("ROUTER", "CERTIFICATE", "HOSTS", "SERIAL", "EXPIRES", "DAYS LEFT").alignRight("DAYS LEFT");
        for (Row row : rows) {
            long days = Duration.between(now, row.notAfter()).toDays();
            table.row(row.router(), row.certificate(), String.join(",", row.hosts()), row.serial(), row.notAfter().toString(),
                    row.notAfter().isBefore(now) ? "EXPIRED" : Long.toString(days));
        }
        return table;
    }
}
