package io.leadflow.dashboards;

import io.leadflow.schema.clickhouse.ClickHouseException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The built-in dashboard: a page drawn with ECharts (served from its WebJar, so it works offline)
 * and a JSON API that runs the Grafana dashboard's panel queries for the filters the page sends. It
 * listens on loopback unless told otherwise, and reads through a read-only ClickHouse user.
 *
 * <p>API: {@code GET /api/dashboard} (panels, variables with the values they offer, the default
 * range) and {@code GET /api/panels/{id}?from=&to=&<variable>=} (the panel's rows, and for a panel
 * with a previous-period twin the rows of the period before). A filter the dashboard does not offer
 * is answered 400 with a message saying which.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final String host;

    private DashboardServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * @param host the address to listen on, e.g. 127.0.0.1
     * @param port the port, or 0 for a free one
     */
    public static DashboardServer start(DashboardQueries queries, String host, int port) {
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            config.jetty.host = host;
                            config.jetty.port = port;
                            config.staticFiles.enableWebjars();
                            config.staticFiles.add("/web", Location.CLASSPATH);
                            config.routes.get("/api/dashboard", ctx -> describe(ctx, queries));
                            config.routes.get("/api/panels/{id}", ctx -> panel(ctx, queries));
                            config.routes.exception(
                                    InvalidFilterException.class,
                                    (e, ctx) -> error(ctx, 400, e.getMessage()));
                            config.routes.exception(
                                    ClickHouseException.class,
                                    (e, ctx) -> {
                                        LOG.warn("dashboard query failed: {}", e.getMessage());
                                        error(ctx, 502, "ClickHouse: " + e.getMessage());
                                    });
                        });
        app.start();
        return new DashboardServer(app, host);
    }

    public int port() {
        return app.port();
    }

    /** The page's address, with localhost for a wildcard address. */
    public String url() {
        boolean everywhere = host.equals("0.0.0.0") || host.equals("::");
        return "http://" + (everywhere ? "localhost" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void describe(Context ctx, DashboardQueries queries) {
        GrafanaDashboard d = queries.dashboard();
        DashboardFilters defaults = queries.filters(Map.of());
        ObjectNode out = JSON.createObjectNode();
        out.put("title", d.title());
        out.put("from", defaults.from().toString());
        out.put("to", defaults.to().toString());
        ArrayNode panels = out.putArray("panels");
        for (Panel p : d.panels()) {
            ObjectNode n = panels.addObject();
            n.put("id", p.id());
            n.put("title", p.title());
            n.put("type", p.type());
            n.put("description", p.description());
            n.put("previousPeriod", d.previousPeriodOf(p).isPresent());
            n.put("shifted", p.timeShift().isPresent());
            ArrayNode vars = n.putArray("variables");
            p.variables().forEach(vars::add);
        }
        ArrayNode vars = out.putArray("variables");
        for (Variable v : d.variables()) {
            ObjectNode n = vars.addObject();
            n.put("name", v.name());
            n.put("label", v.label());
            n.put("includeAll", v.includeAll());
            n.put("default", v.defaultValue());
            ArrayNode options = n.putArray("options");
            queries.offered(v).stream().sorted().forEach(options::add);
        }
        json(ctx, out);
    }

    private static void panel(Context ctx, DashboardQueries queries) {
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new InvalidFilterException("a panel id is a number");
        }
        GrafanaDashboard d = queries.dashboard();
        Panel panel = d.panel(id).orElseThrow(() -> new InvalidFilterException("no panel " + id));
        DashboardFilters filters = queries.filters(ctx.queryParamMap());
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id);
        out.put("from", filters.from().toString());
        out.put("to", filters.to().toString());
        out.set("rows", rows(queries.rows(panel, filters)));
        if (d.previousPeriodOf(panel).isPresent()) {
            DashboardFilters before = filters.previousPeriod();
            out.put("previousFrom", before.from().toString());
            out.put("previousTo", before.to().toString());
            out.set("previous", rows(queries.rows(panel, before)));
        }
        json(ctx, out);
    }

    private static ArrayNode rows(List<com.fasterxml.jackson.databind.JsonNode> rows) {
        ArrayNode array = JSON.createArrayNode();
        rows.forEach(array::add);
        return array;
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", message);
        ctx.status(status);
        json(ctx, out);
    }

    private static void json(Context ctx, Object value) {
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
