package io.cutover.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the CLI's durations ({@code --timeout}, {@code --duration}, {@code --interval}...): {@code 500ms},
 * {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}, a plain number of seconds, or ISO-8601 {@code PT2M}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    /** Parses {@code value}; a {@link TypeConversionException} names what was expected. */
    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = AMOUNT.matcher(text);
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 1000;
            };
            if (millis < Long.MAX_VALUE / 2.0) {
                return Duration.ofNanos(Math.round(millis * 1_000_000));
            }
        } else {
            try {
                Duration duration = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
                if (!duration.isNegative()) {
                    return duration;
                }
            } catch (DateTimeParseException e) {
                // said below
            }
        }
        throw new TypeConversionException("'" + value + "' (expected: a duration like 30s, 2m, 1.5s or 500ms)");
    }
}
