package io.leadflow.schema.clickhouse;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A ClickHouse URL that is wrong says so within seconds, naming the URL and what happened. */
class ClickHouseHttpTest {

    private static ClickHouseHttp at(String url) {
        return new ClickHouseHttp(URI.create(url), null, "default", "");
    }

    @Test
    void aServerThatAcceptsButNeverAnswersFailsWithinSeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            long started = System.nanoTime();
            assertThatThrownBy(() -> at(url).checkReachable())
                    .isInstanceOf(ClickHouseException.class)
                    .hasMessageContaining(url)
                    .hasMessageContaining("connected, but no answer within 5 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(9));
        }
    }

    @Test
    void aRefusedConnectionIsNamedAsSuch() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        assertThatThrownBy(() -> at(url).checkReachable())
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("connection refused")
                .hasMessageNotContaining("null");
        assertThatThrownBy(() -> at(url).queryLong("SELECT 1"))
                .hasMessageContaining("connection refused")
                .hasMessageNotContaining("null");
    }

    @Test
    void anUnknownHostIsNamedAsSuch() {
        assertThatThrownBy(() -> at("http://no-such-host.invalid:8123").checkReachable())
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("http://no-such-host.invalid:8123")
                .hasMessageContaining("unknown host");
    }

    @Test
    void somethingElseOnThePortIsNotMistakenForClickHouse() throws Exception {
        com.sun.net.httpserver.HttpServer other =
                com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext(
                "/",
                exchange -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            assertThatThrownBy(() -> at(url).checkReachable())
                    .hasMessageContaining(url)
                    .hasMessageContaining("does not answer /ping as ClickHouse does (HTTP 404)");
        } finally {
            other.stop(0);
        }
    }
}
