package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover tokens create|list|revoke}: the API's tokens (admin only; docs/security.md). */
@Command(name = "tokens", description = "Creates, lists and revokes API tokens (needs an admin token).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand {

    private TokensCommand() {}

    /** {@code cutover tokens create NAME --role R [--expires 30d]}: prints the token, once. */
    @Command(name = "create", description = "Creates a token and prints it: it is shown this once, the server keeps only its hash.")
    static final class Create extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name, as events record it (by=NAME).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "viewer (reads), deployer (apply, controls, routes), admin (everything), router (the routing protocol).")
        String role;

        @Option(names = "--expires", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How long it works (30d, 12h, ...). Default: until revoked.")
        Duration expires;

        @Override
        int execute(ApiClient api, PrintWriter out) {
            ObjectNode body = ApiClient.json().createObjectNode().put("name", name).put("role", role);
            if (expires != null) {
                body.put("expires", expires.toSeconds() + "s");
            }
            JsonNode created = api.post("/v1/tokens", body).json();
            if (json()) {
                printJson(out, created);
                return 0;
            }
            out.println(created.path("token").asText());
            progress().println("token \"" + created.path("name").asText() + "\" (" + created.path("role").asText() + "), "
                    + (created.hasNonNull("expires") ? "expires " + created.path("expires").asText() : "does not expire")
                    + ": shown only now");
            return 0;
        }
    }

    /** {@code cutover tokens list}: names, roles, expiry; never the tokens. */
    @Command(name = "list", description = "Lists the tokens: name, role, who created it, when it expires.")
    static final class ListTokens extends ClientCommand {
        @Override
        int execute(ApiClient api, PrintWriter out) {
            JsonNode tokens = api.get("/v1/tokens");
            if (json()) {
                printJson(out, tokens);
                return 0;
            }
            Table table = Table.withColumns("NAME", "ROLE", "CREATED", "BY", "EXPIRES");
            for (JsonNode t : tokens) {
                String expires = t.hasNonNull("expires") ? t.path("expires").asText() + (t.path("expired").asBoolean() ? " (expired)" : "")
                        : "never";
                table.row(t.path("name"), t.path("role"), t.path("created"), t.path("createdBy"), expires);
            }
            table.printTo(out);
            return 0;
        }
    }

    /** {@code cutover tokens revoke NAME}. */
    @Command(name = "revoke", description = "Revokes a token: calls made with it are refused from now on.")
    static final class Revoke extends ClientCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The token's name.")
        String name;

        @Override
        int execute(ApiClient api, PrintWriter out) {
            JsonNode revoked = api.delete("/v1/tokens/" + ApiClient.segment(name)).json();
            if (json()) {
                printJson(out, revoked);
            } else {
                out.println("token \"" + revoked.path("name").asText() + "\" revoked");
            }
            return 0;
        }
    }
}
