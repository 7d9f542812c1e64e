package dev.keyslot.operator.incluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP endpoints for the kubelet and Prometheus: /healthz answers while the process serves and
 * has not lost its leader lease (liveness), /readyz once the operator started and its informers are healthy (readiness), /metrics the
 * reconciliation metrics in Prometheus text format.
 */
public final class OperatorEndpoints implements AutoCloseable {
    private final HttpServer server;

    private OperatorEndpoints(HttpServer server) {
        this.server = server;
    }

    /** @param port 0 for any free port */
    public static OperatorEndpoints start(int port, Operator operator, PrometheusMeterRegistry registry, BooleanSupplier alive) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/healthz", exchange -> {
                boolean ok = alive.getAsBoolean();
                reply(exchange, ok ? 200 : 503, ok ? "ok" : "lost the leader lease");
            });
            server.createContext("/readyz", exchange -> {
                boolean ready = operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
                reply(exchange, ready ? 200 : 503, ready ? "ready" : "not ready: " + operator.getRuntimeInfo().unhealthyEventSources());
            });
            server.createContext("/metrics", exchange -> reply(exchange, 200, registry.scrape()));
            server.start();
            return new OperatorEndpoints(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
