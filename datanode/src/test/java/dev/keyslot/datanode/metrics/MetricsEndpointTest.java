package dev.keyslot.datanode.metrics;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Scrapes /metrics over HTTP after running commands and reads the values back. */
class MetricsEndpointTest {
    private static EmbeddedDataNode node;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        node = EmbeddedDataNode.start("--metrics-port", Integer.toString(Ports.free()));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server().metricsPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample whose name and labels are exactly series. */
    private static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as("series " + series + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void reportsCommandsKeysClientsMemoryAndTraffic() throws Exception {
        try (RawConnection conn = new RawConnection(node.host(), node.port())) {
            conn.call("FLUSHALL");
            conn.call("SET", "a", "1");
            conn.call("SET", "b", "2", "PX", "1");
            conn.call("SELECT", "2");
            conn.call("SET", "c", "3");
            conn.call("GET", "c");
            conn.call("GET", "c");
            conn.call("GET", "missing");
            Thread.sleep(20);
            conn.call("SELECT", "0");
            conn.call("GET", "b");

            HttpResponse<String> response = get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain"));
            String body = response.body();

            assertThat(value(body, "keyslot_command_seconds_count{command=\"get\"}")).isEqualTo(4);
            assertThat(value(body, "keyslot_command_seconds_count{command=\"set\"}")).isEqualTo(3);
            assertThat(value(body, "keyslot_command_seconds_sum{command=\"get\"}")).isPositive();
            assertThat(value(body, "keyslot_commands_processed_total")).isGreaterThanOrEqualTo(10);
            assertThat(value(body, "keyslot_keys{db=\"0\"}")).isEqualTo(1);
            assertThat(value(body, "keyslot_keys{db=\"2\"}")).isEqualTo(1);
            assertThat(value(body, "keyslot_keys_expired_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "keyslot_keys_evicted_total")).isZero();
            assertThat(value(body, "keyslot_clients_connected")).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "keyslot_memory_used_bytes")).isGreaterThan(1 << 20);
            assertThat(value(body, "keyslot_net_input_bytes_total")).isGreaterThan(100);
            assertThat(value(body, "keyslot_net_output_bytes_total")).isGreaterThan(20);
            assertThat(body).contains("jvm_memory_used_bytes");

            conn.call("GET", "c");
            assertThat(value(get("/metrics").body(), "keyslot_command_seconds_count{command=\"get\"}")).isEqualTo(5);
        }
    }

    @Test
    void reportsTheLastBgsaveAndTheAof() throws Exception {
        try (RawConnection conn = new RawConnection(node.host(), node.port())) {
            conn.call("SET", "persisted", "v");
            assertThat(conn.callString("BGSAVE")).isEqualTo("+Background saving started\r\n");
            long deadline = System.currentTimeMillis() + 30_000;
            while (conn.callString("INFO", "persistence").contains("rdb_bgsave_in_progress:1")) {
                assertThat(System.currentTimeMillis()).as("BGSAVE still running").isLessThan(deadline);
                Thread.sleep(20);
            }
            String body = get("/metrics").body();
            assertThat(value(body, "keyslot_rdb_bgsave_in_progress")).isZero();
            assertThat(value(body, "keyslot_rdb_bgsave_last_duration_seconds")).isGreaterThanOrEqualTo(0);
            assertThat(value(body, "keyslot_rdb_bgsave_last_ok")).isEqualTo(1);
            assertThat(value(body, "keyslot_rdb_changes_since_last_save")).isZero();
            assertThat(value(body, "keyslot_rdb_last_save_time_seconds"))
                    .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
            assertThat(value(body, "keyslot_snapshot_start_latest_seconds")).isGreaterThanOrEqualTo(0);
            assertThat(value(body, "keyslot_loading")).isZero();
            assertThat(value(body, "keyslot_aof_enabled")).isZero();
            assertThat(value(body, "keyslot_aof_rewrite_last_duration_seconds")).isEqualTo(-1);
            assertThat(value(body, "keyslot_aof_rewrites_total")).isZero();
        }
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        assertThat(get("/other").statusCode()).isEqualTo(404);
    }

    @Test
    void changingMetricsPortMovesTheEndpoint() throws Exception {
        try (EmbeddedDataNode other = EmbeddedDataNode.start("--metrics-port", Integer.toString(Ports.free()))) {
            int newPort = Ports.free();
            other.server().eventLoop().submit(() -> {
                other.server().config().set("metrics-port", Integer.toString(newPort));
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertThat(other.server().metricsPort()).isEqualTo(newPort);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + newPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build();
            assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body())
                    .contains("keyslot_commands_processed_total");
            other.server().eventLoop().submit(() -> {
                other.server().config().set("metrics-port", "0");
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertThat(other.server().metricsPort()).isZero();
        }
    }

    @Test
    void metricsAreOffByDefault() {
        try (EmbeddedDataNode plain = EmbeddedDataNode.start()) {
            assertThat(plain.server().metricsPort()).isZero();
        }
    }
}
