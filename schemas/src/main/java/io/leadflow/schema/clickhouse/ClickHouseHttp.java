package io.leadflow.schema.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A small client for ClickHouse's HTTP interface, the one read path that works on both ClickHouse
 * 18.16 (what tests run on) and current servers: the official JDBC driver cannot SELECT from 18.16.
 * Queries go in the POST body; results come back as {@code JSONEachRow}. ClickHouse 18.16 has no
 * server-side query parameters, so values from users must go through {@link #quote}.
 */
public final class ClickHouseHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI baseUrl;
    private final String database;
    private final String authorization;

    private final String user;
    private final String password;

    /**
     * @param baseUrl the HTTP endpoint, e.g. {@code http://localhost:8123}
     * @param database default database of every query, or null for the server's default
     */
    public ClickHouseHttp(URI baseUrl, String database, String user, String password) {
        this.baseUrl = baseUrl;
        this.database = database;
        this.user = user;
        this.password = password == null ? "" : password;
        this.authorization =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (user + ":" + this.password)
                                                .getBytes(StandardCharsets.UTF_8));
    }

    /** The same server and credentials, with another default database. */
    public ClickHouseHttp withDatabase(String otherDatabase) {
        return new ClickHouseHttp(baseUrl, otherDatabase, user, password);
    }

    public String database() {
        return database;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Runs a statement that returns nothing of interest (DDL, INSERT ... SELECT). */
    public void execute(String sql) {
        send(sql);
    }

    /** Runs a statement and returns the response body as is, in whatever format it asks for. */
    public String queryText(String sql) {
        return send(sql);
    }

    /** Runs a SELECT and returns its rows; 64-bit integers arrive as JSON strings. */
    public List<JsonNode> query(String sql) {
        String body = send(sql + "\nFORMAT JSONEachRow");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                try {
                    rows.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable ClickHouse row: " + line, e);
                }
            }
        }
        return rows;
    }

    /** Runs a query that returns one number, e.g. {@code SELECT count() FROM t}. */
    public long queryLong(String sql) {
        String body = send(sql + "\nFORMAT TabSeparated").trim();
        try {
            return Long.parseLong(body);
        } catch (NumberFormatException e) {
            throw new ClickHouseException("expected one number from [" + sql + "], got: " + body);
        }
    }

    /** Whether the server answers {@code /ping}. */
    public boolean ping() {
        try {
            HttpResponse<String> response =
                    client.send(
                            HttpRequest.newBuilder(baseUrl.resolve("/ping"))
                                    .timeout(Duration.ofSeconds(2))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String send(String sql) {
        String query = database == null ? "" : "?database=" + encode(database);
        HttpRequest request =
                HttpRequest.newBuilder(baseUrl.resolve("/" + query))
                        .timeout(Duration.ofMinutes(2))
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                        .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ClickHouseException(
                    "cannot reach ClickHouse at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while querying ClickHouse", e);
        }
        if (response.statusCode() != 200) {
            throw new ClickHouseException(
                    "ClickHouse at "
                            + baseUrl
                            + " rejected ["
                            + abbreviate(sql)
                            + "]: "
                            + response.body().trim());
        }
        return response.body();
    }

    /** A ClickHouse string literal for {@code value}, safe to embed in SQL. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A back-quoted identifier; rejects names that need more than that. */
    public static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain ClickHouse identifier: " + name);
        }
        return "`" + name + "`";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
    }
}
