package io.leadflow.jobs.config;

import java.io.Serializable;
import java.net.URI;

/**
 * How the job reaches ClickHouse: the HTTP(S) endpoint, database and credentials. The password is a
 * secret: {@link #toString()} masks it, and it only ever travels in an Authorization header, never
 * printed.
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
