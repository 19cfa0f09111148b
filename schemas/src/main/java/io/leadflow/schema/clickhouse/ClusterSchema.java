package io.leadflow.schema.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cluster variant of leadflow's schema, derived from a database the migrations have built:
 * every MergeTree-family table becomes a {@code Replicated*} table {@code <name>_local} on each
 * shard plus a {@code Distributed} table under the original name, so the job, the views and the
 * analysts keep the names they use. Tables with a {@code lead_id} are sharded by it, so all of a
 * lead's rows meet on one shard; the others (the aggregates, keyed by their dimensions) by their
 * whole sort key, so every version of a row meets on one shard and {@code FINAL} stays exact. Views
 * read the distributed names; the materialized view fires on the local table it feeds.
 */
public final class ClusterSchema {

    /** Tables the migrations fill with reference rows; the variant inserts the same rows. */
    private static final Set<String> REFERENCE_TABLES = Set.of("duration_buckets");

    private static final Pattern ENGINE =
            Pattern.compile("ENGINE = (\\w*MergeTree)(?:\\(([^)]*)\\))?");
    private static final Pattern ORDER_BY =
            Pattern.compile("ORDER BY \\(?([\\w, ]+?)\\)?(?: SETTINGS|$)");

    /** One table or view as the migrated database shows it. */
    public record Table(String name, String engine, String create) {
        boolean mergeTree() {
            return engine.endsWith("MergeTree");
        }
    }

    private ClusterSchema() {}

    /**
     * Reads every table and view of {@code database} but the migrations' own bookkeeping, in the
     * order the migrations create them: tables first, then views.
     */
    public static List<Table> read(
            ClickHouseHttp server, String database, List<Migration> migrations) {
        String history = migrations.stream().map(Migration::sql).collect(Collectors.joining("\n"));
        List<Table> tables = new ArrayList<>();
        for (JsonNode row :
                server.query(
                        "SELECT name, engine FROM system.tables WHERE database = "
                                + ClickHouseHttp.quote(database)
                                + " AND name != 'schema_migrations'"
                                + " AND NOT startsWith(name, '.inner')")) {
            String name = row.get("name").asText();
            String create =
                    server.query(
                                    "SHOW CREATE TABLE "
                                            + ClickHouseHttp.identifier(database)
                                            + "."
                                            + ClickHouseHttp.identifier(name))
                            .get(0)
                            .get("statement")
                            .asText()
                            .replace(database + ".", "");
            tables.add(new Table(name, row.get("engine").asText(), create));
        }
        tables.sort(
                Comparator.comparing((Table t) -> !t.mergeTree())
                        .thenComparingInt(t -> createdAt(history, t)));
        return List.copyOf(tables);
    }

    /** The rows of the reference tables as {@code INSERT} statements of the variant. */
    public static List<String> referenceRows(ClickHouseHttp server, List<Table> tables) {
        List<String> inserts = new ArrayList<>();
        for (Table t : tables) {
            if (REFERENCE_TABLES.contains(t.name())) {
                String values =
                        server.queryText(
                                        "SELECT * FROM "
                                                + ClickHouseHttp.identifier(t.name())
                                                + " FINAL ORDER BY tuple(*) FORMAT Values")
                                .strip();
                inserts.add("INSERT INTO " + t.name() + " VALUES " + values);
            }
        }
        return inserts;
    }

    /** The statements that create the schema on {@code cluster}, in order. */
    public static List<String> statements(List<Table> tables, String cluster) {
        if (!cluster.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a cluster name: '" + cluster + "'");
        }
        Set<String> local =
                tables.stream()
                        .filter(Table::mergeTree)
                        .map(Table::name)
                        .collect(Collectors.toSet());
        List<String> out = new ArrayList<>();
        for (Table t : tables) {
            if (t.mergeTree()) {
                out.add(replicated(t, cluster));
                out.add(
                        "CREATE TABLE IF NOT EXISTS "
                                + t.name()
                                + " ON CLUSTER "
                                + cluster
                                + " AS "
                                + t.name()
                                + "_local ENGINE = Distributed("
                                + cluster
                                + ", currentDatabase(), "
                                + t.name()
                                + "_local, "
                                + shardingKey(t)
                                + ")");
            } else if (t.engine().equals("MaterializedView")) {
                String create =
                        onCluster(t.create(), "CREATE MATERIALIZED VIEW", t.name(), cluster);
                for (String name : local) {
                    create =
                            create.replaceAll(
                                    "\\b(TO|FROM) " + name + "\\b", "$1 " + name + "_local");
                }
                out.add(create);
            } else {
                out.add(onCluster(t.create(), "CREATE VIEW", t.name(), cluster));
            }
        }
        return out;
    }

    /**
     * The whole variant as one script: a header, then every statement of {@link #statements} and
     * the reference rows, each ending with a semicolon.
     */
    public static String script(ClickHouseHttp server, String database, String cluster) {
        List<Table> tables = read(server, database, SchemaMigrator.bundled());
        StringBuilder out =
                new StringBuilder(
                        "-- leadflow schema for the ClickHouse cluster '"
                                + cluster
                                + "', derived from the migrations by ./leadflow migrate"
                                + " --cluster-ddl "
                                + cluster
                                + ".\n-- Needs the macros {shard} and {replica} on every node and"
                                + " ZooKeeper or ClickHouse Keeper;\n-- run once, on any node:"
                                + " clickhouse-client --multiquery < this file.\n\n");
        for (String statement : statements(tables, cluster)) {
            out.append(statement).append(";\n\n");
        }
        for (String insert : referenceRows(server, tables)) {
            out.append(insert).append(";\n");
        }
        return out.toString();
    }

    private static String replicated(Table t, String cluster) {
        Matcher m = ENGINE.matcher(t.create());
        if (!m.find()) {
            throw new IllegalArgumentException("no MergeTree engine in " + t.name());
        }
        String args = m.group(2) == null || m.group(2).isBlank() ? "" : ", " + m.group(2);
        String engine =
                "ENGINE = Replicated"
                        + m.group(1)
                        + "('/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"
                        + args
                        + ")";
        String create = t.create().substring(0, m.start()) + engine + t.create().substring(m.end());
        return create.replaceFirst(
                "^CREATE TABLE " + t.name() + " ",
                Matcher.quoteReplacement(
                        "CREATE TABLE IF NOT EXISTS "
                                + t.name()
                                + "_local ON CLUSTER "
                                + cluster
                                + " "));
    }

    private static String onCluster(String create, String kind, String name, String cluster) {
        String head = kind + " " + name + " ";
        if (!create.startsWith(head)) {
            throw new IllegalArgumentException("unexpected definition of " + name + ": " + create);
        }
        return kind
                + " IF NOT EXISTS "
                + name
                + " ON CLUSTER "
                + cluster
                + " "
                + create.substring(head.length());
    }

    private static String shardingKey(Table t) {
        if (t.create().matches("(?s).*[(,]\\s*`?lead_id`? String.*")) {
            return "cityHash64(lead_id)";
        }
        Matcher m = ORDER_BY.matcher(t.create());
        if (!m.find()) {
            throw new IllegalArgumentException("no ORDER BY in " + t.name());
        }
        return "cityHash64(" + m.group(1).trim() + ")";
    }

    private static int createdAt(String history, Table t) {
        Matcher m =
                Pattern.compile(
                                "CREATE (?:MATERIALIZED )?(?:VIEW|TABLE) IF NOT EXISTS "
                                        + t.name()
                                        + "\\b")
                        .matcher(history);
        int at = Integer.MAX_VALUE;
        while (m.find()) {
            at = t.mergeTree() ? Math.min(at, m.start()) : m.start();
        }
        return at;
    }
}
