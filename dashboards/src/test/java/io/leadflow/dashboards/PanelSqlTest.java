package io.leadflow.dashboards;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PanelSqlTest {

    private static final List<Variable> VARIABLES =
            List.of(
                    new Variable(
                            "source",
                            "Source",
                            List.of(),
                            Optional.of("SELECT DISTINCT lead_source FROM funnel_flow FINAL"),
                            true,
                            Variable.ALL),
                    new Variable(
                            "window",
                            "Window",
                            List.of("7", "30", "90"),
                            Optional.empty(),
                            false,
                            "30"));

    /** What the source variable's query "lists": one of them is hostile on purpose. */
    private static final Set<String> SOURCES = Set.of("webinar", "o'reilly ads", "paid\\search");

    private static DashboardFilters filters(Map<String, List<String>> params) {
        return DashboardFilters.parse(
                params,
                VARIABLES,
                v -> v.name().equals("source") ? SOURCES : Set.copyOf(v.fixedOptions()),
                LocalDate.of(2026, 3, 31));
    }

    @Test
    void expandsMacrosAsTheGrafanaPluginDoes() {
        DashboardFilters f =
                filters(
                        Map.of(
                                "from", List.of("2026-03-01"),
                                "to", List.of("2026-03-31"),
                                "source", List.of("webinar"),
                                "window", List.of("90")));
        String sql =
                PanelSql.expand(
                        "SELECT 1 FROM t WHERE $__dateFilter(day) AND at >= $__fromTime"
                                + " AND at <= $__toTime AND lead_source = ${source:sqlstring}"
                                + " AND d <= ${window}",
                        f);
        assertThat(sql)
                .isEqualTo(
                        "SELECT 1 FROM t WHERE day >= toDate('2026-03-01') AND day <="
                                + " toDate('2026-03-31') AND at >= toDateTime(1772323200)"
                                + " AND at <= toDateTime(1775001599) AND lead_source = 'webinar'"
                                + " AND d <= 90");
    }

    @Test
    void theDefaultRangeIsTwelveWeeksToTheClockDay() {
        DashboardFilters f = filters(Map.of());
        assertThat(f.to()).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(f.from()).isEqualTo(LocalDate.of(2026, 1, 7));
        assertThat(f.value("source")).isEqualTo(Variable.ALL);
        assertThat(f.value("window")).isEqualTo("30");
        assertThat(f.previousPeriod().to()).isEqualTo(LocalDate.of(2026, 1, 6));
        assertThat(f.previousPeriod().from()).isEqualTo(LocalDate.of(2025, 10, 15));
    }

    @Test
    void offeredValuesWithQuotesAndBackslashesStayOneLiteral() {
        String sql =
                PanelSql.expand(
                        "x = ${source:sqlstring}",
                        filters(Map.of("source", List.of("o'reilly ads"))));
        assertThat(sql).isEqualTo("x = 'o\\'reilly ads'");
        assertThat(
                        PanelSql.expand(
                                "x = ${source:sqlstring}",
                                filters(Map.of("source", List.of("paid\\search")))))
                .isEqualTo("x = 'paid\\\\search'");
    }

    /** Each attempt is refused before any SQL is built: it is not a value the dashboard offers. */
    @Test
    void injectionAttemptsAreRefused() {
        List<Map<String, List<String>>> attempts =
                List.of(
                        Map.of("source", List.of("webinar' OR 1=1 --")),
                        Map.of("source", List.of("'; DROP TABLE lead_state; --")),
                        Map.of("source", List.of("webinar\\' OR \\'1\\'=\\'1")),
                        Map.of("source", List.of("__all__') OR (1=1")),
                        Map.of("window", List.of("30 OR 1=1")),
                        Map.of("window", List.of("30; SELECT * FROM system.users")),
                        Map.of("window", List.of("(SELECT count() FROM lead_state)")),
                        Map.of("from", List.of("2026-01-01' OR '1'='1")),
                        Map.of("to", List.of("toDate(now())")),
                        Map.of("from", List.of("2026-02-30")),
                        Map.of("from", List.of("1900-01-01")),
                        Map.of("from", List.of("2026-04-01"), "to", List.of("2026-03-01")),
                        Map.of("from", List.of("2000-01-01"), "to", List.of("2026-03-01")),
                        Map.of("source", List.of("webinar", "paid\\search")),
                        Map.of("format", List.of("TabSeparated")),
                        Map.of("$__fromTime", List.of("0")));
        for (Map<String, List<String>> attempt : attempts) {
            assertThatThrownBy(() -> filters(attempt))
                    .as(attempt.toString())
                    .isInstanceOf(InvalidFilterException.class);
        }
    }

    @Test
    void errorsSayWhichFilterAndWhy() {
        assertThatThrownBy(() -> filters(Map.of("source", List.of("nope"))))
                .hasMessage(
                        "source 'nope' is not one of the values the dashboard offers for Source");
        assertThatThrownBy(() -> filters(Map.of("from", List.of("yesterday"))))
                .hasMessage("from 'yesterday' is not a date (yyyy-MM-dd)");
        assertThatThrownBy(() -> filters(Map.of("colour", List.of("red"))))
                .hasMessage("unknown filter 'colour'; the filters are from, to, source, window");
    }

    @Test
    void unknownMacrosAndVariablesFailInsteadOfRunningSomethingElse() {
        DashboardFilters f = filters(Map.of());
        assertThatThrownBy(() -> PanelSql.expand("WHERE $__timeFilter(at)", f))
                .hasMessageContaining("unsupported macro");
        assertThatThrownBy(() -> PanelSql.expand("WHERE x = ${campaign:sqlstring}", f))
                .hasMessageContaining("campaign");
        assertThatThrownBy(() -> PanelSql.expand("WHERE x = ${source:csv}", f))
                .hasMessageContaining("unsupported macro");
    }

    @Test
    void aBareVariableMustBeAPlainWord() {
        DashboardFilters f =
                new DashboardFilters(
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 1, 2),
                        Map.of("source", "a b", "window", "30"));
        assertThatThrownBy(() -> PanelSql.expand("x = ${source}", f))
                .isInstanceOf(InvalidFilterException.class);
    }
}
