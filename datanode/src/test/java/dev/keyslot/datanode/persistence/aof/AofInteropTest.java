package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.DatasetDump;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AOF directories cross between redis-server 7.0 and the data node in both directions, with and without an
 * RDB preamble, after a rewrite plus incremental writes; the loaded datasets are identical (every key, value
 * and TTL), and the data node's files pass redis-check-aof.
 */
class AofInteropTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void redisAofLoadsIntoTheDataNode(String preamble) throws Exception {
        Map<String, String> expected;
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", preamble, "--appendfsync", "always");
             Jedis j = new Jedis(redis.host(), redis.port())) {
            AofDatasets.firstRound(j);
            j.bgrewriteaof();
            awaitRewrite(j);
            AofDatasets.secondRound(j);
            expected = dump(redis.host(), redis.port());
        }
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                .contains("appendonly.aof.2.base." + (preamble.equals("yes") ? "rdb" : "aof"));
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--dir", dir.toString(), "--appendonly", "yes")) {
            DatasetDump.assertEqual(expected, dump(node.host(), node.port()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void dataNodeAofLoadsIntoRedis(String preamble) throws Exception {
        Map<String, String> expected;
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", preamble, "--appendfsync", "always");
             Jedis j = new Jedis(node.host(), node.port())) {
            AofDatasets.firstRound(j);
            assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            awaitRewrite(j);
            AofDatasets.secondRound(j);
            expected = dump(node.host(), node.port());
        }
        String manifest = dir.resolve("appendonlydir/appendonly.aof.manifest").toString();
        assertThat(checkAof(manifest)).contains("is valid");
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--appendonly", "yes")) {
            DatasetDump.assertEqual(expected, dump(redis.host(), redis.port()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void legacySingleAppendOnlyFileIsUpgradedLikeRedisDoes(String preamble) throws Exception {
        Path redisDir = dir.resolve("redis");
        Files.createDirectories(redisDir);
        Map<String, String> expected;
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", redisDir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", preamble, "--appendfsync", "always");
             Jedis j = new Jedis(redis.host(), redis.port())) {
            AofDatasets.firstRound(j);
            j.bgrewriteaof();
            awaitRewrite(j);
            AofDatasets.secondRound(j);
            expected = dump(redis.host(), redis.port());
        }
        // Base then incr in one file: the layout of an appendonly.aof written by Redis before 7.0.
        Path aofDir = redisDir.resolve("appendonlydir");
        String base = "appendonly.aof.2.base." + (preamble.equals("yes") ? "rdb" : "aof");
        Path legacyDir = dir.resolve("legacy");
        Files.createDirectories(legacyDir);
        Files.write(legacyDir.resolve("appendonly.aof"), concat(Files.readAllBytes(aofDir.resolve(base)),
                Files.readAllBytes(aofDir.resolve("appendonly.aof.2.incr.aof"))));
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--dir", legacyDir.toString(), "--appendonly", "yes")) {
            DatasetDump.assertEqual(expected, dump(node.host(), node.port()));
        }
        assertThat(Files.readString(legacyDir.resolve("appendonlydir/appendonly.aof.manifest")))
                .startsWith("file appendonly.aof seq 1 type b\n");
        assertThat(legacyDir.resolve("appendonly.aof")).doesNotExist();
    }

    /** The whole dataset, once the server has finished loading its files. */
    static Map<String, String> dump(String host, int port) throws InterruptedException {
        try (Jedis j = new Jedis(host, port, 30_000); RawConnection conn = new RawConnection(host, port)) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (j.info("persistence").contains("loading:1") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            return DatasetDump.of(conn, 16);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void awaitRewrite(Jedis j) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            String info = j.info("persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the AOF rewrite did not finish");
    }

    static String checkAof(String manifest) throws IOException, InterruptedException {
        String tool = RedisServerProcess.requireTool("redis-check-aof");
        Process p = new ProcessBuilder(tool, manifest).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
