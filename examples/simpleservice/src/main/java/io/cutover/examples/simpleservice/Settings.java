package io.cutover.examples.simpleservice;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the environment asks of one simpleservice process. All durations are in milliseconds and
 * measured from the start of {@code main}, except {@code drainSeconds}.
 *
 * @param host           address to bind ({@code HOST}, default {@code 127.0.0.1})
 * @param port           port to bind ({@code PORT}, else {@code PORT0}, default 8080; 0 picks a free port)
 * @param version        reported by {@code /endpoint0} ({@code SIMPLE_SERVICE_VERSION}, default {@code 0.9})
 * @param healthMinMs    shortest {@code /health} delay ({@code HEALTH_MIN}, default 0)
 * @param healthMaxMs    longest {@code /health} delay ({@code HEALTH_MAX}, default 0)
 * @param healthy        initial health ({@code HEALTHY}, default true)
 * @param readyAfterMs   {@code /ready} answers 503 until then ({@code READY_AFTER_MS}, default 0)
 * @param failRate       fraction of {@code /endpoint0} answered 500 ({@code FAIL_RATE}, default 0)
 * @param latencyMs      added before every {@code /endpoint0} answer ({@code LATENCY_MS}, default 0): a slower
 *                       version, for canary analysis
 * @param crashAfterMs   exit with status 1 then ({@code CRASH_AFTER_MS}, default never)
 * @param startupDelayMs sleep before binding the port ({@code STARTUP_DELAY_MS}, default 0)
 * @param drainSeconds   longest wait for in-flight requests on SIGTERM ({@code DRAIN_SECONDS}, default 1)
 * @param quiet          no per-request log lines ({@code QUIET}, default false)
 * @param handoff        the counter's start value ({@code CUTOVER_HANDOFF}, what a hand-off hook saved; default 0)
 * @param readyGate      {@code /ready} answers 503 until this file exists: {@code READY_GATE_DIR} and the file
 *                       named {@code CUTOVER_INSTANCE_ID} in it, so a test lets each instance become ready when
 *                       it chooses (default none)
 */
record Settings(
        String host,
        int port,
        String version,
        long healthMinMs,
        long healthMaxMs,
        boolean healthy,
        long readyAfterMs,
        double failRate,
        long latencyMs,
        OptionalLong crashAfterMs,
        long startupDelayMs,
        int drainSeconds,
        boolean quiet,
        long handoff,
        Path readyGate) {

    /**
     * Reads the settings from environment variables.
     *
     * @throws IllegalArgumentException naming the variable, when a value is malformed or out of range
     */
    static Settings from(Map<String, String> env) {
        String portVariable = value(env, "PORT") != null ? "PORT" : "PORT0";
        long healthMin = milliseconds(env, "HEALTH_MIN", 0);
        long healthMax = milliseconds(env, "HEALTH_MAX", 0);
        if (healthMax < healthMin) {
            throw invalid("HEALTH_MAX", Long.toString(healthMax), "at least HEALTH_MIN, " + healthMin);
        }
        String crash = value(env, "CRASH_AFTER_MS");
        return new Settings(
                text(env, "HOST", "127.0.0.1"),
                (int) integer(env, portVariable, 8080, 0, 65535),
                text(env, "SIMPLE_SERVICE_VERSION", "0.9"),
                healthMin,
                healthMax,
                bool(env, "HEALTHY", true),
                milliseconds(env, "READY_AFTER_MS", 0),
                fraction(env, "FAIL_RATE"),
                milliseconds(env, "LATENCY_MS", 0),
                crash == null ? OptionalLong.empty() : OptionalLong.of(milliseconds(env, "CRASH_AFTER_MS", 0)),
                milliseconds(env, "STARTUP_DELAY_MS", 0),
                (int) integer(env, "DRAIN_SECONDS", 1, 0, 3600),
                bool(env, "QUIET", false),
                integer(env, "CUTOVER_HANDOFF", 0, 0, Long.MAX_VALUE),
                readyGate(env));
    }

    private static Path readyGate(Map<String, String> env) {
        String dir = value(env, "READY_GATE_DIR");
        if (dir == null) {
            return null;
        }
        String instance = value(env, "CUTOVER_INSTANCE_ID");
        if (instance == null) {
            throw invalid("READY_GATE_DIR", dir, "set together with CUTOVER_INSTANCE_ID, the file's name");
        }
        return Path.of(dir, instance);
    }

    /** A blank variable counts as unset, so {@code PORT= java -jar ...} means the default. */
    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String value = value(env, name);
        return value == null ? fallback : value;
    }

    /** At most {@code Integer.MAX_VALUE} (about 24 days), so the value in nanoseconds cannot overflow. */
    private static long milliseconds(Map<String, String> env, String name, long fallback) {
        return integer(env, name, fallback, 0, Integer.MAX_VALUE);
    }

    private static long integer(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = value(env, name);
        if (value == null) {
            return fallback;
        }
        String expected = "an integer in " + min + ".." + max;
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, expected);
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, value, expected);
        }
        return parsed;
    }

    private static double fraction(Map<String, String> env, String name) {
        String value = value(env, name);
        if (value == null) {
            return 0;
        }
        String expected = "a number in 0.0..1.0";
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, expected);
        }
        if (!(parsed >= 0 && parsed <= 1)) { // also rejects NaN
            throw invalid(name, value, expected);
        }
        return parsed;
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String value = value(env, name);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(name, value, "true or false");
    }

    private static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
    }
}
