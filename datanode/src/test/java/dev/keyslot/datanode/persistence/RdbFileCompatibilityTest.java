package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.DatasetDump;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RDB files cross between redis-server 7.0 and the data node in both directions: the same file loaded by a
 * fresh redis-server and a fresh data node gives identical content (every key, value, encoding and absolute
 * expiry of every database, the same keys loaded and expired), with compression and checksums on or off.
 */
class RdbFileCompatibilityTest {
    private static final int DATABASES = 16;

    @ParameterizedTest
    @CsvSource({"yes,yes", "no,no", "yes,no", "no,yes"})
    void redisDumpLoadsIntoTheDataNode(String compression, String checksum) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--enable-debug-command", "yes",
                "--rdbcompression", compression, "--rdbchecksum", checksum);
             RawConnection r = new RawConnection(redis.host(), redis.port())) {
            SampleDataset.populate(r, System.currentTimeMillis() + 3_600_000);
            writeExpiredKey(r);
            assertThat(r.callString("SAVE")).isEqualTo("+OK\r\n");
            assertBothLoadAlike(redis.dir().resolve("dump.rdb"), checksum);
        }
    }

    @ParameterizedTest
    @CsvSource({"yes,yes", "no,no", "yes,no", "no,yes"})
    void dataNodeDumpLoadsIntoRedisAndPassesTheChecker(String compression, String checksum) throws Exception {
        String checker = RedisServerProcess.requireTool("redis-check-rdb");
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--enable-debug-command", "yes",
                "--rdbcompression", compression, "--rdbchecksum", checksum);
             RawConnection n = new RawConnection(node.host(), node.port())) {
            SampleDataset.populate(n, System.currentTimeMillis() + 3_600_000);
            writeExpiredKey(n);
            assertThat(n.callString("SAVE")).isEqualTo("+OK\r\n");
            Path dump = Path.of(node.server().config().get("dir"), "dump.rdb");
            byte[] head = Arrays.copyOf(Files.readAllBytes(dump), 9);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
            Process check = new ProcessBuilder(checker, dump.toString()).redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(report).isZero();
            assertThat(report).contains("RDB looks OK!").contains("1 already expired");
            assertBothLoadAlike(dump, checksum);
        }
    }

    /** Starts a fresh redis-server and a fresh data node on copies of dump and compares what they hold. */
    private static void assertBothLoadAlike(Path dump, String checksum) throws IOException {
        Path forRedis = copy(dump);
        Path forNode = copy(dump);
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", forRedis.toString(),
                "--rdbchecksum", checksum);
             RawConnection r = new RawConnection(redis.host(), redis.port());
             EmbeddedDataNode node = EmbeddedDataNode.start("--dir", forNode.toString(), "--rdbchecksum", checksum);
             RawConnection n = new RawConnection(node.host(), node.port())) {
            DatasetDump.assertEqual(DatasetDump.of(r, DATABASES), DatasetDump.of(n, DATABASES));
            assertThat(loadCounts(n)).isEqualTo(loadCounts(r)).contains("rdb_last_load_keys_expired:1");
        }
    }

    private static String loadCounts(RawConnection conn) {
        StringBuilder out = new StringBuilder();
        for (String line : conn.callString("INFO", "persistence").split("\r\n")) {
            if (line.startsWith("rdb_last_load_keys")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static Path copy(Path dump) throws IOException {
        Path dir = Files.createTempDirectory("rdb-copy");
        Files.copy(dump, dir.resolve("dump.rdb"));
        return dir;
    }

    /** A key whose TTL passed before the save: written to the file, dropped by the loader. */
    private static void writeExpiredKey(RawConnection conn) throws InterruptedException {
        conn.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        conn.call("SET", "gone", "soon", "PX", "20");
        Thread.sleep(50);
    }
}
