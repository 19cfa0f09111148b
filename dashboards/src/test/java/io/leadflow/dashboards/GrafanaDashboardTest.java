package io.leadflow.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioning and dashboard files as Grafana reads them: every data source reference names the
 * provisioned uid, the password comes from the environment, and every panel query expands with the
 * variables the dashboard defines (running them is {@code DashboardsIT}'s part).
 */
class GrafanaDashboardTest {

    private static final Path GRAFANA = Path.of("grafana");

    @Test
    void theDataSourceHasAFixedUidAndItsSecretFromTheEnvironment() throws Exception {
        JsonNode ds =
                new ObjectMapper(new YAMLFactory())
                        .readTree(
                                GRAFANA.resolve("provisioning/datasources/clickhouse.yaml")
                                        .toFile())
                        .path("datasources")
                        .get(0);
        assertThat(ds.path("uid").asText()).isEqualTo(GrafanaDashboard.DATASOURCE_UID);
        assertThat(ds.path("type").asText()).isEqualTo("grafana-clickhouse-datasource");
        for (String key : List.of("host", "port", "protocol", "defaultDatabase", "username")) {
            assertThat(ds.path("jsonData").has(key)).as(key).isTrue();
        }
        assertThat(ds.path("jsonData").has("password")).isFalse();
        assertThat(ds.path("secureJsonData").path("password").asText())
                .isEqualTo("${LEADFLOW_CLICKHOUSE_READER_PASSWORD}");
    }

    @Test
    void everyDataSourceReferenceNamesTheProvisionedUid() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(GRAFANA.resolve("dashboards"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            List<JsonNode> refs = new ArrayList<>();
            collect(new ObjectMapper().readTree(file.toFile()), refs);
            assertThat(refs).as(file.toString()).isNotEmpty();
            for (JsonNode ref : refs) {
                assertThat(ref.path("uid").asText())
                        .as(file + ": " + ref)
                        .isEqualTo(GrafanaDashboard.DATASOURCE_UID);
                assertThat(ref.path("type").asText()).isEqualTo("grafana-clickhouse-datasource");
            }
        }
    }

    @Test
    void everyPanelQueryExpandsWithTheDashboardsVariables() {
        GrafanaDashboard d = GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL);
        assertThat(d.panels()).hasSizeGreaterThanOrEqualTo(14);
        DashboardFilters f =
                DashboardFilters.parse(
                        Map.of(),
                        d.variables(),
                        v -> Set.copyOf(v.fixedOptions()),
                        LocalDate.of(2026, 6, 30));
        for (Panel p : d.panels()) {
            String sql = PanelSql.expand(p.sql(), f);
            assertThat(sql).as("panel " + p.id()).doesNotContain("$");
            assertThat(d.variables().stream().map(Variable::name).toList())
                    .as("panel " + p.id() + " variables")
                    .containsAll(p.variables());
        }
    }

    @Test
    void previousPeriodPanelsRunTheSameQueryShifted() {
        GrafanaDashboard d = GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL);
        Panel trend = d.panel(3).orElseThrow();
        Panel before = d.previousPeriodOf(trend).orElseThrow();
        assertThat(before.timeShift()).contains(Period.ofWeeks(12));
        assertThat(before.sql()).isEqualTo(trend.sql());
        assertThat(d.previousPeriodOf(d.panel(2).orElseThrow())).isEmpty();
    }

    private static void collect(JsonNode node, List<JsonNode> refs) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> {
                                if (e.getKey().equals("datasource")) {
                                    refs.add(e.getValue());
                                } else {
                                    collect(e.getValue(), refs);
                                }
                            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, refs));
        }
    }
}
