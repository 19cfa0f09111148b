package io.leadflow.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana dashboard file of {@code dashboards/grafana/dashboards}, read as the panels and
 * variables of leadflow's dashboards. It is the one definition of every panel query: Grafana runs
 * it through its ClickHouse plugin, and the built-in dashboard runs the same text after {@link
 * PanelSql} expands its macros.
 */
public final class GrafanaDashboard {

    /** The dashboard the built-in page shows, as packaged on the classpath. */
    public static final String FUNNEL = "leadflow-funnel.json";

    /** The uid of the provisioned ClickHouse data source every panel must name. */
    public static final String DATASOURCE_UID = "leadflow-clickhouse";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHIFT = Pattern.compile("(\\d+)([dwM])");

    private final JsonNode root;
    private final List<Panel> panels;
    private final List<Variable> variables;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
        this.panels = readPanels(root);
        this.variables = readVariables(root);
    }

    /** Reads a dashboard packaged with this module, e.g. {@link #FUNNEL}. */
    public static GrafanaDashboard packaged(String fileName) {
        try (InputStream in = GrafanaDashboard.class.getResourceAsStream("grafana/" + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no packaged dashboard named " + fileName);
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a dashboard from its JSON. */
    public static GrafanaDashboard parse(byte[] json) {
        try {
            return new GrafanaDashboard(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a dashboard JSON: " + e.getMessage(), e);
        }
    }

    public String title() {
        return root.path("title").asText();
    }

    public List<Panel> panels() {
        return panels;
    }

    public List<Variable> variables() {
        return variables;
    }

    public Optional<Panel> panel(int id) {
        return panels.stream().filter(p -> p.id() == id).findFirst();
    }

    /**
     * The panel showing the previous period of {@code panel}, by the convention of these files: the
     * same query with a time shift, at id + 100.
     */
    public Optional<Panel> previousPeriodOf(Panel panel) {
        return panels.stream()
                .filter(p -> p.id() == panel.id() + 100 && p.timeShift().isPresent())
                .filter(p -> p.sql().equals(panel.sql()))
                .findFirst();
    }

    private static List<Panel> readPanels(JsonNode root) {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode p : root.path("panels")) {
            JsonNode targets = p.path("targets");
            if (targets.size() != 1) {
                throw new IllegalArgumentException(
                        "panel " + p.path("id").asInt() + " must have exactly one query");
            }
            panels.add(
                    new Panel(
                            p.path("id").asInt(),
                            p.path("title").asText(),
                            p.path("type").asText(),
                            p.path("description").asText(),
                            targets.get(0).path("rawSql").asText(),
                            shift(p.path("timeShift").asText(""))));
        }
        return List.copyOf(panels);
    }

    private static Optional<Period> shift(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SHIFT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("unsupported timeShift '" + text + "'");
        }
        int n = Integer.parseInt(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "d" -> Period.ofDays(n);
                    case "w" -> Period.ofWeeks(n);
                    default -> Period.ofMonths(n);
                });
    }

    private static List<Variable> readVariables(JsonNode root) {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            String type = v.path("type").asText();
            List<String> fixed = new ArrayList<>();
            Optional<String> query = Optional.empty();
            if (type.equals("custom")) {
                for (JsonNode o : v.path("options")) {
                    fixed.add(o.path("value").asText());
                }
            } else if (type.equals("query")) {
                query = Optional.of(v.path("query").asText());
            } else {
                throw new IllegalArgumentException(
                        "variable " + v.path("name").asText() + " has unsupported type " + type);
            }
            boolean includeAll = v.path("includeAll").asBoolean(false);
            String current = v.path("current").path("value").asText();
            variables.add(
                    new Variable(
                            v.path("name").asText(),
                            v.path("label").asText(),
                            List.copyOf(fixed),
                            query,
                            includeAll,
                            current.equals("$__all") ? Variable.ALL : current));
        }
        return List.copyOf(variables);
    }
}
