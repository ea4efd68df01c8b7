package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.core.tls.PemTrust;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * What every client command shares: {@code --server}, {@code --token-file} and {@code -o}, a connected {@link ApiClient},
 * and the one place where a {@link CliFailure} becomes a stderr line and an exit code.
 */
abstract class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL[,URL…]", converter = ServerConverter.class, split = ",",
            description = "The Cutover server, or several controllers of one store (the leader is found and followed). "
                    + "Default: $CUTOVER_SERVER, else " + ApiClient.DEFAULT_SERVER + ".")
    @Nullable List<URI> server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the API token. Default: $CUTOVER_TOKEN, $CUTOVER_TOKEN_FILE, else for a server on "
                    + "this machine its admin.token in $CUTOVER_DATA_DIR or ./cutover-data.")
    @Nullable Path tokenFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputFormat.Converter.class,
            defaultValue = "table", description = "table (default) or json: the API's JSON as it came.")
    OutputFormat output = OutputFormat.TABLE;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "For an https server: the PEM certificate(s) to trust, its CA's or its own. Default: $" + PemTrust.ENVIRONMENT
                    + ", else the JDK's trust store.")
    @Nullable Path tlsCa;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<URI> addresses = serverAddresses();
            String token = TokenSource.find(tokenFile, addresses.get(0), System.getenv(), Path.of(""));
            return execute(new ApiClient(addresses, token, trust()), out);
        } catch (CliFailure failure) {
            PrintWriter err = spec.commandLine().getErr();
            err.print(failure.render());
            err.flush();
            return failure.exitCode();
        } finally {
            out.flush();
        }
    }

    /** Does the command's work; returns the exit code. Failures are thrown as {@link CliFailure}. */
    abstract int execute(ApiClient api, PrintWriter out);

    /** Whether {@code -o json} was asked for. */
    final boolean json() {
        return output == OutputFormat.JSON;
    }

    /** Where progress goes: stdout for tables, stderr with {@code -o json} so stdout stays JSON. */
    final PrintWriter progress() {
        return json() ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }

    /** Prints a JSON answer as {@code -o json} shows it. */
    final void printJson(PrintWriter out, JsonNode answer) {
        out.println(ApiClient.pretty(answer));
        out.flush();
    }

    private List<URI> serverAddresses() {
        if (server != null && !server.isEmpty()) {
            return server;
        }
        String fromEnv = System.getenv("CUTOVER_SERVER");
        if (fromEnv == null || fromEnv.isBlank()) {
            return List.of(ApiClient.parseServer(ApiClient.DEFAULT_SERVER));
        }
        try {
            return ApiClient.parseServers(fromEnv);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "CUTOVER_SERVER: " + e.getMessage(), List.of());
        }
    }

    private @Nullable SSLContext trust() {
        try {
            return PemTrust.fromOptionOrEnvironment(tlsCa, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, (tlsCa != null ? "--tls-ca: " : "") + e.getMessage(), List.of());
        }
    }

    /** Reads {@code --server}. */
    static final class ServerConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return ApiClient.parseServer(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
