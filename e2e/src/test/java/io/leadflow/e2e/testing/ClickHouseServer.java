package io.leadflow.e2e.testing;

import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

/**
 * A ClickHouse server that tests talk to over its HTTP interface, as one user, through the
 * project's own {@link ClickHouseHttp} client.
 */
public record ClickHouseServer(String httpUrl, String user, String password) {

    /** The same server as another user. */
    public ClickHouseServer as(String otherUser, String otherPassword) {
        return new ClickHouseServer(httpUrl, otherUser, otherPassword);
    }

    /** A client of this server for {@code database} (null: the server's default). */
    public ClickHouseHttp client(String database) {
        return new ClickHouseHttp(URI.create(httpUrl), database, user, password);
    }

    /**
     * Runs {@code sql} and returns the response body, for example the rows in the format the query
     * asks for.
     *
     * @throws ClickHouseQueryException if the server answers with an error
     */
    public String query(String sql) {
        try {
            return client(null).queryText(sql);
        } catch (ClickHouseException e) {
            throw new ClickHouseQueryException(e.getMessage());
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
        ClickHouseQueryException(String message) {
            super(message);
        }
    }
}
