package io.leadflow.e2e.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Slack-compatible chat webhook on a free loopback port, for end-to-end tests: it keeps the text
 * of every message it accepted and answers its first {@code failFirst} requests with HTTP 503.
 */
public final class ChatWebhook implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public ChatWebhook(int failFirst) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/hook",
                exchange -> {
                    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                    boolean fail = calls.incrementAndGet() <= failFirst;
                    if (fail) {
                        failed.incrementAndGet();
                    } else {
                        texts.add(body.get("text").asText());
                    }
                    exchange.sendResponseHeaders(fail ? 503 : 200, -1);
                    exchange.close();
                });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The texts of the messages accepted, in arrival order. */
    public List<String> texts() {
        return texts;
    }

    /** Requests answered with 503. */
    public int failures() {
        return failed.get();
    }

    public void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }
}
