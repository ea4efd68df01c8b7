package io.cutover.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

class CliFailureTest {

    @Test
    void takesTheMessageAndEachDetailFromTheApiErrorBody() {
        CliFailure failure = CliFailure.fromErrorBody(400, """
                {"error": "invalid_manifest", "message": "2 problems in the manifest",
                 "details": [{"field": "instances", "problem": "-1 (expected: >= 0)"},
                             {"field": "foo", "problem": "unknown field"}]}
                """);

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.render()).isEqualTo("""
                cutover: 2 problems in the manifest
                  instances: -1 (expected: >= 0)
                  foo: unknown field
                """);
    }

    @Test
    void printsANotFoundMessageAsTheServerWroteIt() {
        CliFailure failure = CliFailure.fromErrorBody(404,
                "{\"error\": \"not_found\", \"message\": \"app \\\"nope\\\" not found\", \"details\": []}");

        assertThat(failure.render()).isEqualTo("cutover: app \"nope\" not found\n");
    }

    @Test
    void showsADetailWithoutAFieldAsItsProblemAlone() {
        CliFailure failure = CliFailure.fromErrorBody(409,
                "{\"error\": \"conflict\", \"message\": \"cannot map\", \"details\": [{\"problem\": \"owned by api\"}]}");

        assertThat(failure.details()).containsExactly("owned by api");
    }

    @Test
    void fallsBackToTheErrorCodeWhenThereIsNoMessage() {
        assertThat(CliFailure.fromErrorBody(500, "{\"error\": \"internal\"}").getMessage()).isEqualTo("internal");
        assertThat(CliFailure.fromErrorBody(500, "{}").getMessage()).isEqualTo("the server answered HTTP 500");
    }

    @Test
    void showsTheFirstLineOfABodyThatIsNotTheApisErrorShape() {
        CliFailure failure = CliFailure.fromErrorBody(502, "<html>Bad Gateway</html>\n<body>...</body>");

        assertThat(failure.getMessage()).isEqualTo("the server answered HTTP 502: <html>Bad Gateway</html>");
        assertThat(CliFailure.fromErrorBody(503, "").getMessage()).isEqualTo("the server answered HTTP 503");
    }

    @Test
    void explainsAnUnreachableServerAndHowToStartOne() {
        ConnectException refused = new ConnectException();
        refused.initCause(new ConnectException().initCause(new ClosedChannelException()));

        CliFailure failure = CliFailure.unreachable(URI.create("http://127.0.0.1:7700"), refused);

        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(failure.render()).isEqualTo("cutover: cannot reach the Cutover server at http://127.0.0.1:7700"
                + " (connection refused) — start it with 'cutover server' or set CUTOVER_SERVER\n");
    }

    @Test
    void namesWhyAConnectionFailed() {
        ConnectException unresolved = new ConnectException();
        unresolved.initCause(new ConnectException().initCause(new UnresolvedAddressException()));

        assertThat(CliFailure.reason(unresolved)).isEqualTo("unknown host");
        assertThat(CliFailure.reason(new HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("connection timed out");
        assertThat(CliFailure.reason(new IOException("connection reset"))).isEqualTo("connection reset");
        assertThat(CliFailure.reason(new IOException(new IOException("broken pipe")))).isEqualTo("java.io.IOException: broken pipe");
        assertThat(CliFailure.reason(new IOException())).isEqualTo("IOException");
    }
}
