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
 * server-side query parameters, so values from users must go through {@link #quote}. Rows are
 * inserted as {@code JSONEachRow} in the request body ({@link #insert}), a format without escape
 * processing of any kind: every string arrives byte for byte. Every failure names the server and
 * says what happened (refused, no answer within the timeout, unknown host), and a server that
 * accepts connections but never answers is given up on after the request timeout.
 */
public final class ClickHouseHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long opening a connection may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long a statement may take by default: the analysts' views can be slow. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final Duration requestTimeout;
    private final URI baseUrl;
    private final String database;
    private final String authorization;

    private final String user;
    private final String password;
    private final boolean readOnly;

    /**
     * @param baseUrl the HTTP endpoint, e.g. {@code http://localhost:8123}
     * @param database default database of every query, or null for the server's default
     */
    public ClickHouseHttp(URI baseUrl, String database, String user, String password) {
        this(baseUrl, database, user, password, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param requestTimeout how long one statement may take before it is given up on
     */
    public ClickHouseHttp(
            URI baseUrl, String database, String user, String password, Duration requestTimeout) {
        this(baseUrl, database, user, password, requestTimeout, false);
    }

    private ClickHouseHttp(
            URI baseUrl,
            String database,
            String user,
            String password,
            Duration requestTimeout,
            boolean readOnly) {
        this.readOnly = readOnly;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.requestTimeout = requestTimeout;
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
        return new ClickHouseHttp(baseUrl, otherDatabase, user, password, requestTimeout, readOnly);
    }

    /**
     * The same server and credentials with every query run as {@code readonly=1}, under the
     * restrictions of the analyst's profile: no writes or DDL, no settings changed, no table
     * functions. For code that reads on behalf of users, and tests of what analysts may run.
     */
    public ClickHouseHttp readOnly() {
        return new ClickHouseHttp(baseUrl, database, user, password, requestTimeout, true);
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
            checkReachable();
            return true;
        } catch (ClickHouseException e) {
            return false;
        }
    }

    /**
     * Makes sure a ClickHouse server answers at the URL, within a few seconds, before anything
     * waits on it for longer.
     *
     * @throws ClickHouseException naming the URL and what happened: refused, no answer within 5 s,
     *     unknown host, or an answer that is not ClickHouse's
     */
    public void checkReachable() {
        HttpResponse<String> response;
        try {
            response =
                    client.send(
                            HttpRequest.newBuilder(baseUrl.resolve("/ping"))
                                    .timeout(PING_TIMEOUT)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ClickHouseException(
                    "cannot reach ClickHouse at " + baseUrl + ": " + describe(e, PING_TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException("interrupted while reaching ClickHouse", e);
        }
        if (response.statusCode() != 200 || !response.body().startsWith("Ok.")) {
            throw new ClickHouseException(
                    "the server at "
                            + baseUrl
                            + " does not answer /ping as ClickHouse does (HTTP "
                            + response.statusCode()
                            + "): is this ClickHouse's HTTP port (8123 by default)?");
        }
    }

    /**
     * Inserts rows given as {@code JSONEachRow} (one JSON object per line) into a table.
     *
     * @param table the table, qualified with its database when this client has none
     * @param columns the columns every row names, in the order of the statement
     */
    public void insert(String table, List<String> columns, byte[] rows) {
        insert(table, columns, rows, false);
    }

    /**
     * Inserts rows given as gzip-compressed {@code JSONEachRow}, which ClickHouse decompresses as
     * it reads the body ({@code Content-Encoding: gzip}).
     *
     * @param table the table, qualified with its database when this client has none
     * @param columns the columns every row names, in the order of the statement
     */
    public void insertGzipped(String table, List<String> columns, byte[] gzippedRows) {
        insert(table, columns, gzippedRows, true);
    }

    private void insert(String table, List<String> columns, byte[] body, boolean gzipped) {
        String statement =
                "INSERT INTO " + table + " (" + String.join(", ", columns) + ") FORMAT JSONEachRow";
        String query =
                "?query="
                        + encode(statement)
                        + (database == null ? "" : "&database=" + encode(database));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(baseUrl.resolve("/" + query))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzipped) {
            request.header("Content-Encoding", "gzip");
        }
        send(request, statement);
    }

    private String send(String sql) {
        String query =
                (database == null ? "?" : "?database=" + encode(database) + "&")
                        + (readOnly ? "readonly=1" : "");
        return send(
                HttpRequest.newBuilder(baseUrl.resolve("/" + query))
                        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)),
                sql);
    }

    private String send(HttpRequest.Builder builder, String sql) {
        HttpRequest request =
                builder.timeout(requestTimeout).header("Authorization", authorization).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ClickHouseException(
                    "cannot reach ClickHouse at " + baseUrl + ": " + describe(e, requestTimeout),
                    e);
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

    /**
     * What went wrong on the way to the server, in words: the JDK's exceptions often carry no
     * message at all (a refused connection says {@code null}).
     */
    static String describe(IOException e, Duration timeout) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "connected, but no answer within "
                    + timeout.toSeconds()
                    + " s (is this ClickHouse's HTTP port, and is the server responsive?)";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused (is ClickHouse running and listening on that port?)";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
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
