package io.cutover.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table for the terminal: a header row and left-aligned columns separated by two spaces, like
 * {@code kubectl get}. Columns named in {@link #alignRight(String...)} are right-aligned (counts).
 * Missing cells ({@code null} or blank) show as {@code -}; the last column is not padded.
 */
public final class Table {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final Set<Integer> rightAligned = new HashSet<>();
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** A table with these column headers. */
    public static Table withColumns(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("headers: none (expected: at least one)");
        }
        return new Table(Arrays.asList(headers));
    }

    /** Right-aligns the named columns. */
    public Table alignRight(String... columns) {
        for (String column : columns) {
            int index = headers.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException("column: " + column + " (expected: one of " + headers + ")");
            }
            rightAligned.add(index);
        }
        return this;
    }

    /**
     * Adds a row; each cell is shown with {@code String.valueOf}, a JSON node as its text, and
     * {@code null}, a JSON null or a missing JSON field as {@code -}.
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "cells: " + cells.length + " (expected: " + headers.size() + ", one per column)");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            String text = cell instanceof JsonNode node ? (node.isValueNode() && !node.isNull() ? node.asText() : "")
                    : cell == null ? "" : String.valueOf(cell);
            row.add(text.isBlank() ? "-" : text.replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    /**
     * A time from the API as tables show it: to the second, {@code 2026-11-22T10:00:00Z}. Text that is
     * not an ISO-8601 instant is returned as it is; a missing value is empty.
     */
    public static String time(JsonNode value) {
        String text = value.isValueNode() && !value.isNull() ? value.asText() : "";
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** Whether no row was added. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table as text, one line per row, each ending in a newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(headers.get(i));
        }
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths);
        for (List<String> row : rows) {
            appendLine(text, row, widths);
        }
        return text.toString();
    }

    /** Prints {@link #render()} and flushes. */
    public void printTo(PrintWriter out) {
        out.print(render());
        out.flush();
    }

    private void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        int lineStart = text.length();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            int padding = widths[i] - width(cell);
            boolean last = i == cells.size() - 1;
            if (rightAligned.contains(i)) {
                text.append(" ".repeat(padding)).append(cell);
            } else {
                text.append(cell);
                if (!last) {
                    text.append(" ".repeat(padding));
                }
            }
            if (!last) {
                text.append(GAP);
            }
        }
        int end = text.length();
        while (end > lineStart && text.charAt(end - 1) == ' ') {
            end--;
        }
        text.setLength(end);
        text.append('\n');
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
