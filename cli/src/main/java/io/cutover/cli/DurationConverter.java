package io.cutover.cli;

import io.cutover.core.manifest.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the CLI's durations ({@code --timeout}, {@code --duration}, {@code --interval}...) as {@link
 * Durations} does: {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}, a plain number of
 * seconds, or ISO-8601 {@code PT2M}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    /** Parses {@code value}; a {@link TypeConversionException} names what was expected. */
    @Override
    public Duration convert(String value) {
        Duration duration = Durations.parse(value);
        if (duration == null) {
            throw new TypeConversionException("'" + value + "' (expected: " + Durations.EXPECTED + ")");
        }
        return duration;
    }
}
