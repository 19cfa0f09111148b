package io.leadflow.jobs.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on a free loopback port for tests: it answers the n-th request (from 1) with
 * the status {@code statusOfCall} gives, after an optional delay, and keeps the bodies it answered
 * with a 2xx.
 */
public final class LocalWebhook implements AutoCloseable {

    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    public LocalWebhook(IntUnaryOperator statusOfCall, long delayMillis) {
        AtomicInteger calls = new AtomicInteger();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(
                "/hook",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int status = statusOfCall.applyAsInt(calls.incrementAndGet());
                    if (status / 100 == 2) {
                        received.add(new String(body, StandardCharsets.UTF_8));
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** The bodies answered with a 2xx, in arrival order. */
    public List<String> received() {
        return received;
    }

    public void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }
}
