package io.leadflow.dashboards;

import java.util.List;
import java.util.Optional;

/**
 * A template variable of a dashboard, that is a filter: either a fixed list of options (Grafana's
 * custom variables) or a query listing them (query variables), optionally with an "All" choice.
 * Only a value it lists is ever put into a panel's SQL.
 */
public record Variable(
        String name,
        String label,
        List<String> fixedOptions,
        Optional<String> optionsQuery,
        boolean includeAll,
        String defaultValue) {

    /** The value that stands for "no filter"; panel SQL compares with it. */
    public static final String ALL = "__all__";
}
