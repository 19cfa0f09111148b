package io.leadflow.dashboards;

import java.time.Period;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One panel of a Grafana dashboard as leadflow reads it: the id, title, Grafana panel type and
 * description, the SQL of its query (with Grafana's macros and template variables still in it), and
 * the panel's time shift when it shows an earlier period than the dashboard's range.
 */
public record Panel(
        int id,
        String title,
        String type,
        String description,
        String sql,
        Optional<Period> timeShift) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    /** The template variables the query (and the title) use: the filters the panel obeys. */
    public Set<String> variables() {
        Set<String> names = new TreeSet<>();
        for (String text : new String[] {sql, title, description}) {
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
