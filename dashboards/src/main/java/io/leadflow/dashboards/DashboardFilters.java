package io.leadflow.dashboards;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The filters of one dashboard request, validated: the range as two dates, and for every template
 * variable a value the variable offers (its fixed options, the values its query lists, or "All").
 * Nothing else a browser sends reaches SQL.
 *
 * @param from first day of the range (UTC)
 * @param to last day of the range, included
 * @param values the value of every variable, by name
 */
public record DashboardFilters(LocalDate from, LocalDate to, Map<String, String> values) {

    /** The range shown when none is asked for: twelve weeks up to the newest event. */
    public static final int DEFAULT_DAYS = 84;

    /** The longest range a request may ask for. */
    public static final int MAX_DAYS = 3 * 366;

    public DashboardFilters {
        values = Map.copyOf(values);
    }

    /**
     * @param params the request's query parameters
     * @param variables the dashboard's variables
     * @param offered the values a variable offers (for a query variable, what its query lists now)
     * @param defaultTo the last day of the default range
     * @throws InvalidFilterException naming the parameter and what is wrong with it
     */
    public static DashboardFilters parse(
            Map<String, List<String>> params,
            List<Variable> variables,
            Function<Variable, Set<String>> offered,
            LocalDate defaultTo) {
        Set<String> known = variables.stream().map(Variable::name).collect(Collectors.toSet());
        for (String name : params.keySet()) {
            if (!known.contains(name) && !name.equals("from") && !name.equals("to")) {
                throw new InvalidFilterException(
                        "unknown filter '"
                                + shown(name)
                                + "'; the filters are from, to, "
                                + variables.stream()
                                        .map(Variable::name)
                                        .collect(Collectors.joining(", ")));
            }
        }
        LocalDate to = date(params, "to", defaultTo);
        LocalDate from = date(params, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw new InvalidFilterException(
                    "from (" + from + ") must not be after to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new InvalidFilterException(
                    "the range " + from + " to " + to + " is longer than " + MAX_DAYS + " days");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Variable v : variables) {
            String value = single(params, v.name());
            if (value == null) {
                value = v.defaultValue();
            } else if (!(v.includeAll() && value.equals(Variable.ALL))
                    && !offered.apply(v).contains(value)) {
                throw new InvalidFilterException(
                        v.name()
                                + " '"
                                + shown(value)
                                + "' is not one of the values the dashboard offers for "
                                + v.label());
            }
            values.put(v.name(), value);
        }
        return new DashboardFilters(from, to, values);
    }

    /** The same filters over the same number of days just before this range. */
    public DashboardFilters previousPeriod() {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return new DashboardFilters(from.minusDays(days), to.minusDays(days), values);
    }

    public String value(String variable) {
        String v = values.get(variable);
        if (v == null) {
            throw new IllegalArgumentException("no variable " + variable);
        }
        return v;
    }

    private static LocalDate date(Map<String, List<String>> params, String name, LocalDate dflt) {
        String text = single(params, name);
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        try {
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not yyyy-MM-dd", text, 0);
            }
            LocalDate d = LocalDate.parse(text);
            if (d.getYear() < 2000 || d.getYear() > 2100) {
                throw new InvalidFilterException(name + " " + d + " is not between 2000 and 2100");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InvalidFilterException(
                    name + " '" + shown(text) + "' is not a date (yyyy-MM-dd)");
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidFilterException(name + " is given " + values.size() + " times");
        }
        return values.get(0);
    }

    /** A value as an error message may repeat it: short and printable. */
    private static String shown(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
