package io.leadflow.schema.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements at semicolons that are outside string literals, quoted
 * identifiers and comments: the HTTP interface takes one statement per request, and column comments
 * routinely contain semicolons and doubled quotes.
 */
public final class StatementSplitter {

    private StatementSplitter() {}

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '\'' || c == '`' || c == '"') {
                int end = closingQuote(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == ';') {
                addIfNotBlank(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    /** Index just past the quote that closes the one at {@code start}. */
    private static int closingQuote(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException(
                "unterminated " + quote + " quote starting at character " + start);
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder sql) {
        String statement = sql.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
    }
}
