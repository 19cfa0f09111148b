package io.leadflow.generator.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read whole (RFC 4180: comma separated, fields optionally in double
 * quotes, {@code ""} inside quotes is a quote, quoted fields may hold commas and line breaks; LF or
 * CRLF line endings). Each data row becomes a map from column name to text, empty fields as empty
 * strings, so callers can tell an empty field from any literal value. A row with a different number
 * of fields than the header is an error naming the line: a silently shifted column would corrupt
 * every field after it.
 *
 * @param header column names in file order
 * @param rows data rows, each keyed by column name in header order
 */
public record CsvTable(List<String> header, List<Map<String, String>> rows) {

    public CsvTable {
        header = List.copyOf(header);
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    /** Reads a UTF-8 file; the name appears in error messages. */
    public static CsvTable read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /** Parses CSV text; {@code name} only labels error messages. */
    public static CsvTable parse(String text, String name) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean recordHasContent = false;
        int line = 1;
        int recordLine = 1;
        int i = 0;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1; // a byte-order mark is not part of the first column's name
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                recordHasContent = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                recordHasContent = true;
            } else if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                // CRLF: the LF ends the record
            } else if (c == '\n') {
                if (recordHasContent || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(fields);
                    lines.add(recordLine);
                }
                fields = new ArrayList<>();
                field.setLength(0);
                recordHasContent = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                recordHasContent = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(
                    name + ":" + recordLine + ": quoted field is not closed");
        }
        if (recordHasContent || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields);
            lines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty file, expected a header row");
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> values = records.get(r);
            if (values.size() != header.size()) {
                throw new IllegalArgumentException(
                        name
                                + ":"
                                + lines.get(r)
                                + ": "
                                + values.size()
                                + " fields, but the header has "
                                + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int col = 0; col < header.size(); col++) {
                row.put(header.get(col), values.get(col));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return new CsvTable(header, rows);
    }

    /** Fails with a message naming the file and the missing columns, if any are absent. */
    public CsvTable requireColumns(String name, String... columns) {
        List<String> missing = new ArrayList<>();
        for (String column : columns) {
            if (!header.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    name + ": missing column(s) " + missing + "; header is " + header);
        }
        return this;
    }
}
