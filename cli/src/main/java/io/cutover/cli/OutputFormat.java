package io.cutover.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How client commands print what the server answered: aligned tables, or the API's JSON. */
enum OutputFormat {
    TABLE,
    JSON;

    /** Reads {@code table} or {@code json}, in any case. */
    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "table" -> TABLE;
                case "json" -> JSON;
                default -> throw new TypeConversionException("'" + value + "' (expected: table or json)");
            };
        }
    }
}
