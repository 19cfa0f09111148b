package io.leadflow.tools.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A ClickHouse server that tests talk to over its HTTP interface, as one user. Queries are sent as
 * the POST body and the credentials as {@code X-ClickHouse-User}/{@code X-ClickHouse-Key} headers,
 * which both 18.16 and current servers accept and which keep the password out of URLs in logs.
 */
public record ClickHouseServer(String httpUrl, String user, String password) {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The same server as another user. */
    public ClickHouseServer as(String otherUser, String otherPassword) {
        return new ClickHouseServer(httpUrl, otherUser, otherPassword);
    }

    /**
     * Runs {@code sql} and returns the response body, for example the rows in the format the query
     * asks for.
     *
     * @throws ClickHouseQueryException if the server answers with an error
     */
    public String query(String sql) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(httpUrl + "/"))
                        .timeout(Duration.ofSeconds(60))
                        .header("X-ClickHouse-User", user)
                        .header("X-ClickHouse-Key", password == null ? "" : password)
                        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
                        .build();
        try {
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new ClickHouseQueryException(response.statusCode(), response.body(), sql);
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("ClickHouse at " + httpUrl + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a ClickHouse query", e);
        }
    }

    /**
     * Creates a database no other test uses, named {@code prefix} plus a random suffix, and returns
     * its name; tests sharing one server then cannot see each other's tables.
     */
    public String freshDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = clean + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        query("CREATE DATABASE " + name);
        return name;
    }

    /** An error answer of the server, with its ClickHouse error text as message. */
    public static final class ClickHouseQueryException extends RuntimeException {

        private final int status;

        ClickHouseQueryException(int status, String body, String sql) {
            super("ClickHouse HTTP " + status + ": " + body.strip() + " (query: " + sql + ")");
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
