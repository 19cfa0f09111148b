package io.leadflow.dashboards;

import io.leadflow.schema.clickhouse.ClickHouseHttp;

import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the Grafana ClickHouse plugin's macros and the template variables of a panel query, as
 * Grafana would for the same range and choices, so the built-in dashboard and the tests run the
 * very query Grafana runs. Supported: {@code $__dateFilter(column)}, {@code $__fromTime}, {@code
 * $__toTime}, {@code ${name:sqlstring}} (a quoted string literal) and {@code ${name}} (only for
 * values of letters, digits and underscores, such as a window in days). Anything else that looks
 * like a macro is an error, so a query Grafana would read differently never runs here.
 */
public final class PanelSql {

    private static final Pattern TOKEN =
            Pattern.compile(
                    "\\$__dateFilter\\(([A-Za-z_][A-Za-z0-9_]*)\\)"
                            + "|\\$__(fromTime|toTime)\\b"
                            + "|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::(sqlstring))?}"
                            + "|\\$\\S{0,20}");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_]+");

    private PanelSql() {}

    /** The query with every macro and variable replaced; throws on any it does not know. */
    public static String expand(String sql, DashboardFilters filters) {
        Matcher m = TOKEN.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, filters)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replacement(Matcher m, DashboardFilters f) {
        if (m.group(1) != null) {
            return m.group(1)
                    + " >= toDate('"
                    + f.from()
                    + "') AND "
                    + m.group(1)
                    + " <= toDate('"
                    + f.to()
                    + "')";
        }
        if (m.group(2) != null) {
            long seconds =
                    m.group(2).equals("fromTime")
                            ? f.from().atStartOfDay().toEpochSecond(ZoneOffset.UTC)
                            : f.to().plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) - 1;
            return "toDateTime(" + seconds + ")";
        }
        if (m.group(3) != null) {
            String value = f.value(m.group(3));
            if (m.group(4) != null) {
                return ClickHouseHttp.quote(value);
            }
            if (!BARE.matcher(value).matches()) {
                throw new InvalidFilterException(
                        m.group(3) + " must be letters, digits or underscores to be used bare");
            }
            return value;
        }
        throw new IllegalArgumentException("unsupported macro in panel SQL: " + m.group());
    }
}
