package io.leadflow.jobs.config;

import java.io.Serializable;
import java.net.URI;

/**
 * How the job reaches ClickHouse: the HTTP(S) endpoint, database and credentials. The password is a
 * secret: {@link #toString()} masks it, and it is only ever handed to the driver, never printed.
 * {@link #jdbcUrl()} derives the URL for clickhouse-jdbc 0.10 (jdbc-v2), which carries no
 * credentials; pass user and password as connection properties.
 */
public record ClickHouseSettings(String url, String database, String user, String password)
        implements Serializable {

    public ClickHouseSettings {
        url = Setting.CLICKHOUSE_URL.canonical(url);
        database = Setting.CLICKHOUSE_DATABASE.canonical(database);
        user = Setting.CLICKHOUSE_USER.canonical(user);
        password = Setting.CLICKHOUSE_PASSWORD.canonical(password);
    }

    /** The host of {@link #url()}. */
    public String host() {
        return URI.create(url).getHost();
    }

    /** The port of {@link #url()}, always explicit. */
    public int port() {
        return URI.create(url).getPort();
    }

    /** Whether the endpoint uses TLS. */
    public boolean secure() {
        return url.startsWith("https:");
    }

    /**
     * The JDBC URL, e.g. {@code jdbc:clickhouse://localhost:8123/leadflow?compress=false}. jdbc-v2
     * reads {@code jdbc:clickhouse://} as plain HTTP, so an https endpoint keeps its scheme
     * explicitly ({@code jdbc:clickhouse:https://host:8443/db}). Compression is off because the
     * sink's small, frequent batches gain little from it and it costs CPU on both ends.
     */
    public String jdbcUrl() {
        String prefix = secure() ? "jdbc:clickhouse:https://" : "jdbc:clickhouse://";
        return prefix + host() + ":" + port() + "/" + database + "?compress=false";
    }

    public ClickHouseSettings withUrl(String url) {
        return new ClickHouseSettings(url, database, user, password);
    }

    public ClickHouseSettings withDatabase(String database) {
        return new ClickHouseSettings(url, database, user, password);
    }

    public ClickHouseSettings withCredentials(String user, String password) {
        return new ClickHouseSettings(url, database, user, password);
    }

    @Override
    public String toString() {
        return "ClickHouseSettings[url="
                + url
                + ", database="
                + database
                + ", user="
                + user
                + ", password="
                + Setting.MASK
                + "]";
    }
}
