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
import picocli.CommandLine.Command;

/** {@code cutover certs}: the certificates each router's TLS listener serves, soonest to expire first. */
@Command(name = "certs", description = {
    "Lists the certificates the routers' TLS listeners serve (--tls-dir of cutover router, --router-tls-dir of the",
    "server): the hosts each is chosen for, its serial, when it expires and the days left, soonest first."})
final class CertsCommand extends ClientCommand {

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
            out.println("no router serves TLS (cutover router --listen-tls ADDR --tls-dir DIR, or cutover server --router-tls-addr ADDR --router-tls-dir DIR)");
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
