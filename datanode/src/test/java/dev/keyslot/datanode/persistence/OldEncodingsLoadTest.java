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
    /** What redis-server and the data node hold (DatasetDump of 16 databases) after loading the same file. */
    private record Loaded(Map<String, String> redis, Map<String, String> node) {
    }

    private static Loaded loadInBoth(byte[] file) throws Exception {
        Path forRedis = Files.createTempDirectory("old-rdb");
        Path forNode = Files.createTempDirectory("old-rdb");
        Files.write(forRedis.resolve("dump.rdb"), file);
        Files.write(forNode.resolve("dump.rdb"), file);
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", forRedis.toString());
             RawConnection r = new RawConnection(redis.host(), redis.port());
             EmbeddedDataNode node = EmbeddedDataNode.start("--dir", forNode.toString());
             RawConnection n = new RawConnection(node.host(), node.port())) {
            return new Loaded(DatasetDump.of(r, 16), DatasetDump.of(n, 16));
        }
    }

    @Test
    void oldEncodingsLoadAsInRedis() throws Exception {
        Loaded loaded = loadInBoth(OldEncodingsFile.sample());
        assertThat(loaded.redis()).hasSize(13 + 1).containsEntry("functions", "*0\r\n");
        DatasetDump.assertEqual(loaded.redis(), loaded.node());
    }

    /** Empty collections in the file are skipped, not a reason to refuse the file, as in Redis 7.0. */
    @Test
    void emptyCollectionsAreSkippedAsInRedis() throws Exception {
        Loaded loaded = loadInBoth(OldEncodingsFile.emptyCollections());
        assertThat(loaded.redis()).containsKey("0/kept");
        DatasetDump.assertEqual(loaded.redis(), loaded.node());
        assertThat(loaded.node().keySet().stream().filter(k -> !k.equals("functions")))
                .as("one key, as DBSIZE says on redis-server").containsExactly("0/kept");
    }
}
