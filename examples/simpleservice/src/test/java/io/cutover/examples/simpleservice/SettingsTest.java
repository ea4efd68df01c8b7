package io.cutover.examples.simpleservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void usesTheDefaultsWhenNothingIsSet() {
        Settings settings = Settings.from(Map.of());

        assertThat(settings).isEqualTo(new Settings(
                "127.0.0.1", 8080, "0.9", 0, 0, true, 0, 0.0, 0, OptionalLong.empty(), 0, 1, false, 0, null));
    }

    @Test
    void readsEveryVariable() {
        Settings settings = Settings.from(Map.ofEntries(
                Map.entry("HOST", "0.0.0.0"),
                Map.entry("PORT", "9000"),
                Map.entry("SIMPLE_SERVICE_VERSION", "1.0"),
                Map.entry("HEALTH_MIN", "10"),
                Map.entry("HEALTH_MAX", "20"),
                Map.entry("HEALTHY", "FALSE"),
                Map.entry("READY_AFTER_MS", "300"),
                Map.entry("FAIL_RATE", "0.25"),
                Map.entry("LATENCY_MS", "15"),
                Map.entry("CRASH_AFTER_MS", "5000"),
                Map.entry("STARTUP_DELAY_MS", "40"),
                Map.entry("DRAIN_SECONDS", "7"),
                Map.entry("QUIET", "true"),
                Map.entry("CUTOVER_HANDOFF", "41"),
                Map.entry("READY_GATE_DIR", "/tmp/gates"),
                Map.entry("CUTOVER_INSTANCE_ID", "web-1-ab12cd")));

        assertThat(settings).isEqualTo(new Settings(
                "0.0.0.0", 9000, "1.0", 10, 20, false, 300, 0.25, 15, OptionalLong.of(5000), 40, 7, true, 41,
                java.nio.file.Path.of("/tmp/gates/web-1-ab12cd")));
    }

    @Test
    void takesPort0WhenPortIsUnsetOrBlank() {
        assertThat(Settings.from(Map.of("PORT0", "9001")).port()).isEqualTo(9001);
        assertThat(Settings.from(Map.of("PORT", " ", "PORT0", "9001")).port()).isEqualTo(9001);
        assertThat(Settings.from(Map.of("PORT", "9000", "PORT0", "9001")).port()).isEqualTo(9000);
    }

    @Test
    void namesTheVariableThatIsInvalid() {
        assertThatThrownBy(() -> Settings.from(Map.of("PORT0", "eighty")))
                .hasMessage("PORT0: eighty (expected: an integer in 0..65535)");
        assertThatThrownBy(() -> Settings.from(Map.of("HEALTH_MIN", "-1")))
                .hasMessage("HEALTH_MIN: -1 (expected: an integer in 0..2147483647)");
        assertThatThrownBy(() -> Settings.from(Map.of("FAIL_RATE", "NaN")))
                .hasMessage("FAIL_RATE: NaN (expected: a number in 0.0..1.0)");
        assertThatThrownBy(() -> Settings.from(Map.of("HEALTHY", "yes")))
                .hasMessage("HEALTHY: yes (expected: true or false)");
        assertThatThrownBy(() -> Settings.from(Map.of("READY_GATE_DIR", "/tmp/gates")))
                .hasMessage("READY_GATE_DIR: /tmp/gates (expected: set together with CUTOVER_INSTANCE_ID, the file's name)");
    }

    @Test
    void rejectsAHealthMaxBelowTheMin() {
        assertThatThrownBy(() -> Settings.from(Map.of("HEALTH_MIN", "50", "HEALTH_MAX", "10")))
                .hasMessage("HEALTH_MAX: 10 (expected: at least HEALTH_MIN, 50)");
    }
}
