package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands the data node answers after their handler returned (CONFIG SET of TLS files, MIGRATE) are counted in
 * INFO commandstats as redis-server counts them when it runs them synchronously: calls, failed_calls, and the
 * waiting time in usec.
 */
class DeferredReplyStatsTest {
    private static final Pattern USEC = Pattern.compile(",usec=(\\d+),usec_per_call=[0-9.]+");
    private static TestCertificates certs;
    private static RedisServerProcess redis;
    private static EmbeddedDataNode node;
    private static RawConnection r;
    private static RawConnection n;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create();
        redis = RedisServerProcess.start(certs.nodeArgs(Ports.free()).toArray(new String[0]));
        node = EmbeddedDataNode.start(certs.nodeArgs(Ports.free()).toArray(new String[0]));
        r = new RawConnection(redis.host(), redis.port());
        n = new RawConnection(node.host(), node.port());
    }

    @AfterAll
    static void stop() throws IOException {
        r.close();
        n.close();
        redis.close();
        node.close();
        certs.close();
    }

    @BeforeEach
    void reset() {
        for (RawConnection c : new RawConnection[] {r, n}) {
            c.call("FLUSHALL");
            c.call("CONFIG", "RESETSTAT");
        }
    }

    @Test
    void aFailedTlsReloadIsAFailedCall() {
        onBoth("CONFIG", "SET", "tls-cert-file", "/nonexistent");
        assertThat(statsWithoutTime(n, "config|set")).isEqualTo(statsWithoutTime(r, "config|set"))
                .isEqualTo("cmdstat_config|set:calls=1,rejected_calls=0,failed_calls=1");
        assertThat(errorstats(n)).isEqualTo(errorstats(r));
    }

    @Test
    void aMigrateToAClosedPortIsAFailedCall() {
        onBoth("SET", "k", "v");
        onBoth("MIGRATE", "127.0.0.1", Integer.toString(Ports.free()), "k", "0", "1000");
        onBoth("MIGRATE", "127.0.0.1", Integer.toString(Ports.free()), "missing", "0", "1000");
        assertThat(statsWithoutTime(n, "migrate")).isEqualTo(statsWithoutTime(r, "migrate"))
                .isEqualTo("cmdstat_migrate:calls=2,rejected_calls=0,failed_calls=1");
        assertThat(errorstats(n)).isEqualTo(errorstats(r));
    }

    @Test
    void aMigrateThatTimesOutCountsTheWaitInItsTime() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            onBoth("SET", "k", "v");
            onBoth("MIGRATE", "127.0.0.1", Integer.toString(silent.getLocalPort()), "k", "0", "300");
        }
        assertThat(statsWithoutTime(n, "migrate")).isEqualTo(statsWithoutTime(r, "migrate"))
                .isEqualTo("cmdstat_migrate:calls=1,rejected_calls=0,failed_calls=1");
        assertThat(usec(r, "migrate")).isGreaterThanOrEqualTo(300_000);
        assertThat(usec(n, "migrate")).isGreaterThanOrEqualTo(300_000);
    }

    private static void onBoth(String... command) {
        assertThat(n.callString(command)).as(String.join(" ", command)).isEqualTo(r.callString(command));
    }

    private static String statsLine(RawConnection c, String command) {
        for (String line : c.callString("INFO", "commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return line;
            }
        }
        throw new AssertionError("no commandstats for " + command);
    }

    private static String statsWithoutTime(RawConnection c, String command) {
        return USEC.matcher(statsLine(c, command)).replaceFirst("");
    }

    private static long usec(RawConnection c, String command) {
        Matcher m = USEC.matcher(statsLine(c, command));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String errorstats(RawConnection c) {
        return c.callString("INFO", "errorstats");
    }
}
