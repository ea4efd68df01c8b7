package io.cutover.examples.simpleservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesWhatJsonCannotHoldLiterally() {
        assertThat(Json.quote("a\"b\\c\nd\te\u0001f\u2028é😀"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028é😀\"");
        assertThat(Json.quote("lone \ud800 surrogate")).isEqualTo("\"lone \\ud800 surrogate\"");
    }
}
