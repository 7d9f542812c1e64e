package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.DatasetDump;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A version 9 file with the encodings older Redis versions wrote (zipmap, ziplists, quicklist of ziplists,
 * intsets, plain forms, EXPIRETIME in seconds) loads into the data node as redis-server 7.0 loads it.
 */
class OldEncodingsLoadTest {
    @Test
    void oldEncodingsLoadAsInRedis() throws Exception {
        byte[] file = OldEncodingsFile.sample();
        Path forRedis = Files.createTempDirectory("old-rdb");
        Path forNode = Files.createTempDirectory("old-rdb");
        Files.write(forRedis.resolve("dump.rdb"), file);
        Files.write(forNode.resolve("dump.rdb"), file);
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", forRedis.toString());
             RawConnection r = new RawConnection(redis.host(), redis.port());
             EmbeddedDataNode node = EmbeddedDataNode.start("--dir", forNode.toString());
             RawConnection n = new RawConnection(node.host(), node.port())) {
            Map<String, String> expected = DatasetDump.of(r, 16);
            assertThat(expected).hasSize(13 + 1).containsEntry("functions", "*0\r\n");
            DatasetDump.assertEqual(expected, DatasetDump.of(n, 16));
        }
    }

    /** Empty collections in the file are skipped, not a reason to refuse the file, as in Redis 7.0. */
    @Test
    void emptyCollectionsAreSkippedAsInRedis() throws Exception {
        byte[] file = OldEncodingsFile.emptyCollections();
        Path forRedis = Files.createTempDirectory("empty-keys-rdb");
        Path forNode = Files.createTempDirectory("empty-keys-rdb");
        Files.write(forRedis.resolve("dump.rdb"), file);
        Files.write(forNode.resolve("dump.rdb"), file);
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", forRedis.toString());
             RawConnection r = new RawConnection(redis.host(), redis.port());
             EmbeddedDataNode node = EmbeddedDataNode.start("--dir", forNode.toString());
             RawConnection n = new RawConnection(node.host(), node.port())) {
            Map<String, String> expected = DatasetDump.of(r, 16);
            assertThat(expected).containsKey("0/kept");
            DatasetDump.assertEqual(expected, DatasetDump.of(n, 16));
            assertThat(n.callString("DBSIZE")).isEqualTo(r.callString("DBSIZE")).isEqualTo(":1\r\n");
        }
    }
}
