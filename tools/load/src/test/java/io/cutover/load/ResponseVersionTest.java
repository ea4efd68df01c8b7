package io.cutover.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseVersionTest {

    @Test
    void readsTheTopLevelVersionOfAJsonBody() {
        assertThat(of("{\"host\": \"127.0.0.1:9000\", \"version\": \"2.0\", \"result\": \"all is well\"}", null))
                .isEqualTo("2.0");
        assertThat(of(" \n{\"version\":\"1.0\"}", null)).isEqualTo("1.0");
        assertThat(of("{\"version\": 3}", null)).isEqualTo("3");
    }

    @Test
    void skipsVersionsInsideNestedValuesAndStrings() {
        assertThat(of("{\"app\": {\"version\": \"inner\"}, \"note\": \"\\\"version\\\": x\", \"version\": \"outer\"}", null))
                .isEqualTo("outer");
        assertThat(of("{\"list\": [{\"version\": \"inner\"}]}", "5")).isEqualTo("5");
    }

    @Test
    void fallsBackToTheRevisionHeaderThenToADash() {
        assertThat(of("all is well", "7")).isEqualTo("7");
        assertThat(of("{\"version\": null}", "7")).isEqualTo("7");
        assertThat(of("[\"version\"]", null)).isEqualTo(ResponseVersion.NONE);
        assertThat(of("", null)).isEqualTo(ResponseVersion.NONE);
        assertThat(of("{\"version\": \"unterminated", null)).isEqualTo(ResponseVersion.NONE);
    }

    @Test
    void readsOnlyTheBytesGiven() {
        byte[] body = "{\"version\": \"1.0\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(ResponseVersion.of(body, 10, "header")).isEqualTo("header");
    }

    private static String of(String body, String header) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ResponseVersion.of(bytes, bytes.length, header);
    }
}
