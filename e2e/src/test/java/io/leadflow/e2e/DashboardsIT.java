package io.leadflow.e2e;

import io.leadflow.dashboards.DashboardFilters;
import io.leadflow.dashboards.DashboardQueries;
import io.leadflow.dashboards.DashboardServer;
import io.leadflow.dashboards.GrafanaDashboard;
import io.leadflow.dashboards.Panel;
import io.leadflow.dashboards.PanelSql;
import io.leadflow.dashboards.Variable;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards over a real pipeline's aggregate tables: every Grafana panel query runs on the
 * ClickHouse the tests use (18.16) with its macros expanded for a fixed range, and the built-in
 * page, in a real headless Chromium, draws the numbers the aggregate tables hold, follows a filter
 * change, and refuses filters it does not offer. Screenshots go to {@code target/screenshots} (the
 * ones in {@code docs/} are copies of them).
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class DashboardsIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FIXED_FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate FIXED_TO = LocalDate.of(2026, 5, 31);

    @TempDir static Path dir;
    private static ClickHouseHttp loaded;

    /** One pipeline run for both tests: 1,500 generated leads, the example rules and model. */
    private static synchronized ClickHouseHttp data(KafkaServer kafka, ClickHouseServer ch)
            throws Exception {
        if (loaded != null) {
            return loaded;
        }
        TestPipelines.Run run = TestPipelines.exampleRun(kafka, ch, dir, "dash", 1_500);
        loaded = run.clickHouse().readOnly();
        return loaded;
    }

    @AfterAll
    static void forget() {
        loaded = null;
    }

    @Test
    void everyGrafanaPanelQueryRunsOnTheTestServerWithData(
            KafkaServer kafka, ClickHouseServer clickHouse) throws Exception {
        ClickHouseHttp reader = data(kafka, clickHouse);
        GrafanaDashboard dashboard = GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL);
        DashboardQueries queries = new DashboardQueries(reader, dashboard);

        // Every variable's query runs and offers values from the replay.
        Map<String, String> firstOffered = new LinkedHashMap<>();
        for (Variable v : dashboard.variables()) {
            Set<String> offered = queries.offered(v);
            assertThat(offered).as(v.name()).isNotEmpty();
            firstOffered.put(
                    v.name(),
                    offered.stream().filter(s -> !s.isEmpty()).sorted().findFirst().orElseThrow());
        }
        Map<String, List<String>> range =
                Map.of("from", List.of(FIXED_FROM.toString()), "to", List.of(FIXED_TO.toString()));
        DashboardFilters all = queries.filters(range);
        Map<String, List<String>> oneEach = new HashMap<>(range);
        firstOffered.forEach((k, v) -> oneEach.put(k, List.of(v)));
        DashboardFilters narrowed = queries.filters(oneEach);

        List<String> failures = new ArrayList<>();
        List<Integer> empty = new ArrayList<>();
        for (Panel p : dashboard.panels()) {
            for (DashboardFilters f : List.of(all, narrowed)) {
                try {
                    List<JsonNode> rows = reader.query(PanelSql.expand(p.sql(), f));
                    if (f == all && rows.isEmpty()) {
                        empty.add(p.id());
                    }
                } catch (RuntimeException e) {
                    failures.add("panel " + p.id() + " (" + p.title() + "): " + e.getMessage());
                }
            }
        }
        assertThat(failures).as("panel queries that fail").isEmpty();
        assertThat(empty).as("panels without rows over the replay").isEmpty();
    }

    @Test
    void theBuiltInPageDrawsTheAggregatesAndFollowsFilters(
            KafkaServer kafka, ClickHouseServer clickHouse) throws Exception {
        ClickHouseHttp reader = data(kafka, clickHouse);
        GrafanaDashboard dashboard = GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL);
        DashboardQueries queries = new DashboardQueries(reader, dashboard);
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);

        try (DashboardServer server = DashboardServer.start(queries, "127.0.0.1", 0)) {
            refusesWhatItDoesNotOffer(server);
            ChromeDriver browser = browser();
            try {
                browser.get(server.url());
                JavascriptExecutor js = browser;
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(d -> js.executeScript("return document.body.dataset.refreshed") != null);
                String from = browser.findElement(By.id("f-from")).getAttribute("value");
                String to = browser.findElement(By.id("f-to")).getAttribute("value");
                assertThat(to).isEqualTo(queries.clockDay().toString());

                Map<String, Long> funnel = funnelOnPage(js);
                assertThat(funnel).isEqualTo(expectedFunnel(reader, from, to, null));
                assertThat(funnel.get("Leads")).isPositive();
                assertThat(heatmapLeads(js)).isEqualTo(speedToLeadLeads(reader, from, to));
                assertThat(sqlTileMonthToDate(browser))
                        .isEqualTo(
                                reader.queryLong(
                                        "SELECT sum(entered) FROM funnel_flow FINAL WHERE stage ="
                                                + " 'SQL' AND day >= toStartOfMonth(toDate('"
                                                + to
                                                + "')) AND day <= toDate('"
                                                + to
                                                + "')"));
                assertThat(scoreLeads(js))
                        .isEqualTo(
                                reader.queryLong(
                                        "SELECT sum(leads) FROM score_calibration_monthly FINAL"
                                                + " WHERE cohort_month >= toStartOfMonth(toDate('"
                                                + from
                                                + "')) AND cohort_month <= toDate('"
                                                + to
                                                + "')"));
                screenshot(browser, shots.resolve("dashboard.png"));

                // The source with most leads in the range: a filter that leaves fewer leads.
                String source =
                        reader.query(
                                        "SELECT lead_source, sum(members) AS n FROM cohort_reach"
                                                + " FINAL WHERE unit = 'lead' AND stage = '' AND"
                                                + " cohort_day >= toDate('"
                                                + from
                                                + "') AND cohort_day <= toDate('"
                                                + to
                                                + "') GROUP BY lead_source ORDER BY n DESC"
                                                + " LIMIT 1")
                                .get(0)
                                .get("lead_source")
                                .asText();
                String before =
                        String.valueOf(js.executeScript("return document.body.dataset.refreshed"));
                new Select(browser.findElement(By.id("f-source"))).selectByValue(source);
                wait.until(
                        d ->
                                !before.equals(
                                        String.valueOf(
                                                js.executeScript(
                                                        "return document.body.dataset.refreshed"))));
                Map<String, Long> filtered = funnelOnPage(js);
                assertThat(filtered).isEqualTo(expectedFunnel(reader, from, to, source));
                assertThat(filtered.get("Leads")).isLessThan(funnel.get("Leads")).isPositive();
                assertThat(browser.getCurrentUrl()).contains("source=");
                screenshot(browser, shots.resolve("dashboard-filtered.png"));
            } finally {
                browser.quit();
            }
        }
    }

    /** The injection attempts of the browser's side: each is a 400 naming the filter. */
    private static void refusesWhatItDoesNotOffer(DashboardServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> attempts =
                List.of(
                        "source=x' OR '1'='1",
                        "source=__all__') OR 1=1 --",
                        "window=30 OR 1=1",
                        "window=30; DROP TABLE funnel_flow",
                        "from=2026-01-01' --",
                        "stage=MQL' UNION ALL SELECT name FROM system.users --",
                        "campaign=%00",
                        "limit=1000000");
        for (String attempt : attempts) {
            int eq = attempt.indexOf('=');
            String query =
                    attempt.substring(0, eq)
                            + "="
                            + URLEncoder.encode(attempt.substring(eq + 1), StandardCharsets.UTF_8);
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(server.url() + "api/panels/2?" + query))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(attempt).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText())
                    .as(attempt)
                    .contains(attempt.substring(0, eq));
        }
        HttpResponse<String> ok =
                http.send(
                        HttpRequest.newBuilder(URI.create(server.url() + "api/panels/2")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    private static ChromeDriver browser() {
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1700,4300",
                "--hide-scrollbars");
        return new ChromeDriver(service, options);
    }

    /** The series of a chart's option, as ECharts holds it (functions left out). */
    private static JsonNode series(JavascriptExecutor js, int panel) throws Exception {
        return JSON.readTree(
                (String)
                        js.executeScript(
                                "return JSON.stringify(echarts.getInstanceByDom("
                                        + "document.getElementById('chart-"
                                        + panel
                                        + "')).getOption().series)"));
    }

    private static Map<String, Long> funnelOnPage(JavascriptExecutor js) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode d : series(js, 2).get(0).get("data")) {
            out.put(d.get("name").asText(), d.get("value").asLong());
        }
        return out;
    }

    /** Independently of the panel's query: the cohort's members that reached each stage. */
    private static Map<String, Long> expectedFunnel(
            ClickHouseHttp reader, String from, String to, String source) {
        String where =
                "unit = 'lead' AND cohort_day >= toDate('"
                        + from
                        + "') AND cohort_day <= toDate('"
                        + to
                        + "')"
                        + (source == null
                                ? ""
                                : " AND lead_source = " + ClickHouseHttp.quote(source));
        Map<String, Long> reached = new HashMap<>();
        for (JsonNode r :
                reader.query(
                        "SELECT stage, sumIf(members, stage = '' OR days_to_reach <= 30) AS n"
                                + " FROM cohort_reach FINAL WHERE "
                                + where
                                + " GROUP BY stage")) {
            reached.put(r.get("stage").asText(), r.get("n").asLong());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        String[][] stages = {
            {"Leads", ""},
            {"Inquiry", "INQUIRY"},
            {"MQL", "MQL"},
            {"SAL", "SAL"},
            {"SQL", "SQL"},
            {"Opportunity", "OPPORTUNITY"},
            {"Won", "WON"}
        };
        for (String[] s : stages) {
            out.put(s[0], reached.getOrDefault(s[1], 0L));
        }
        return out;
    }

    private static long heatmapLeads(JavascriptExecutor js) throws Exception {
        long sum = 0;
        for (JsonNode cell : series(js, 9).get(0).get("data")) {
            sum += cell.get(3).asLong();
        }
        return sum;
    }

    private static long speedToLeadLeads(ClickHouseHttp reader, String from, String to) {
        return reader.queryLong(
                "SELECT sum(leads) FROM speed_to_lead_daily FINAL WHERE day >= toDate('"
                        + from
                        + "') AND day <= toDate('"
                        + to
                        + "')");
    }

    private static long sqlTileMonthToDate(ChromeDriver browser) {
        String text =
                browser.findElement(
                                By.cssSelector(".tile[data-metric='SQL'] [data-period='month']"))
                        .getText();
        return Long.parseLong(text.replace(",", ""));
    }

    private static long scoreLeads(JavascriptExecutor js) throws Exception {
        long sum = 0;
        for (JsonNode s : series(js, 13)) {
            if (s.get("type").asText().equals("bar")) {
                for (JsonNode v : s.get("data")) {
                    sum += v.isNull() ? 0 : v.asLong();
                }
            }
        }
        return sum;
    }

    private static void screenshot(ChromeDriver browser, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
