package dev.keyslot.datanode.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyslot.datanode.server.Server;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves Prometheus metrics at /metrics on metrics-port (off when 0) with the JDK's HTTP server on a
 * thread of its own. Each scrape asks the command thread for a fresh {@link MetricsSnapshot} (waiting at
 * most a second, else serving the previous one), so nothing is computed while nobody scrapes.
 */
public final class MetricsEndpoint {
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 1000;

    private final Server server;
    /** Created when metrics are first switched on, so a node without metrics pays nothing for them. */
    private PrometheusMeterRegistry registry;
    private ServerMeters meters;
    /** Registered once a scrape finds cluster mode on. */
    private ClusterMeters clusterMeters;
    private JvmGcMetrics gcMetrics;
    private HttpServer http;
    private volatile int boundPort;
    private ExecutorService thread;

    public MetricsEndpoint(Server server) {
        this.server = server;
        server.config().onChange((name, value) -> {
            if (name.equals("metrics-port")) {
                restart();
            }
        });
    }

    /** Starts listening when metrics-port is set. */
    public synchronized void start() {
        int port = server.config().getInt("metrics-port");
        if (port == 0) {
            return;
        }
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            meters = new ServerMeters(registry, server.keyspace().count());
            new JvmMemoryMetrics().bindTo(registry);
            gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
        }
        try {
            http = HttpServer.create(new InetSocketAddress(bindHost(), port), 0);
        } catch (IOException e) {
            server.log().warning("Could not open the metrics port " + port + ": " + e.getMessage());
            return;
        }
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keyslot-metrics");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(thread);
        http.createContext("/metrics", this::scrape);
        http.start();
        boundPort = http.getAddress().getPort();
    }

    /** The port being served, 0 when metrics are off. */
    public int port() {
        return boundPort;
    }

    public synchronized void stop() {
        if (http != null) {
            http.stop(0);
            thread.shutdownNow();
            http = null;
            boundPort = 0;
        }
    }

    /** Stops serving for good and unregisters the JVM listeners the meters installed. */
    public synchronized void close() {
        stop();
        if (registry != null) {
            gcMetrics.close();
            registry.close();
            registry = null;
        }
    }

    private synchronized void restart() {
        stop();
        start();
    }

    /** The first `bind` address; the wildcard forms mean every interface. */
    private String bindHost() {
        String first = server.config().get("bind").trim().split("\\s+")[0];
        String host = first.startsWith("-") ? first.substring(1) : first;
        return switch (host) {
            case "*" -> "0.0.0.0";
            case "::*" -> "::";
            default -> host;
        };
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            refresh();
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void refresh() {
        try {
            meters.update(server.eventLoop().submit(() -> MetricsSnapshot.capture(server))
                    .get(SNAPSHOT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            if (server.cluster() != null) {
                ClusterSnapshot cluster = server.eventLoop().submit(() -> ClusterSnapshot.capture(server.cluster()))
                        .get(SNAPSHOT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                if (clusterMeters == null) {
                    clusterMeters = new ClusterMeters(registry, cluster);
                } else {
                    clusterMeters.update(cluster);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            server.log().verbose("Metrics snapshot unavailable, serving the previous one: " + e);
        }
    }
}
