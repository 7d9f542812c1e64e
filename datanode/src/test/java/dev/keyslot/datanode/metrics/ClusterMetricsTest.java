package dev.keyslot.datanode.metrics;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** In cluster mode /metrics tells the cluster state, slots by state and the bus traffic. */
class ClusterMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void reportsStateSlotsEpochsAndBusMessages() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--cluster-enabled", "yes",
                "--metrics-port", Integer.toString(Ports.free()));
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            String before = scrape(node);
            assertThat(value(before, "keyslot_cluster_state")).isZero();
            assertThat(value(before, "keyslot_cluster_slots{state=\"assigned\"}")).isZero();
            conn.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            conn.call("CLUSTER", "BUMPEPOCH");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!conn.callString("CLUSTER", "INFO").contains("cluster_state:ok") && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            String after = scrape(node);
            assertThat(value(after, "keyslot_cluster_state")).isEqualTo(1);
            assertThat(value(after, "keyslot_cluster_slots{state=\"assigned\"}")).isEqualTo(16384);
            assertThat(value(after, "keyslot_cluster_slots{state=\"ok\"}")).isEqualTo(16384);
            assertThat(value(after, "keyslot_cluster_slots{state=\"fail\"}")).isZero();
            assertThat(value(after, "keyslot_cluster_known_nodes")).isEqualTo(1);
            assertThat(value(after, "keyslot_cluster_size")).isEqualTo(1);
            assertThat(value(after, "keyslot_cluster_current_epoch")).isEqualTo(1);
            assertThat(value(after, "keyslot_cluster_my_epoch")).isEqualTo(1);
            assertThat(value(after, "keyslot_cluster_bus_messages_sent_total{type=\"ping\"}")).isZero();
            assertThat(value(after, "keyslot_cluster_failover_votes_granted_total")).isZero();
        }
    }

    private static String scrape(EmbeddedDataNode node) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.server().metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertThat(m.find()).as("series " + series + " in\n" + body).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
