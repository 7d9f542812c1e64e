package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rdb-key-save-delay (microseconds per key) keeps a BGSAVE running, as Redis's own replication tests rely on
 * to hold a full sync open (a full sync's snapshot shows as a BGSAVE in progress, as Redis's RDB child); the save
 * still completes. It slows an AOF rewrite and the final save of SHUTDOWN too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeySaveDelayDifferentialTest {
    private static String bgsaveInProgress(RawConnection c) {
        String info = c.callString("INFO", "persistence");
        int at = info.indexOf("rdb_bgsave_in_progress:");
        return info.substring(at, info.indexOf("\r\n", at));
    }

    /** In progress after 500 ms of a save of 20 keys at 100 ms each; then done within 10 s. */
    private static String saveWithDelay(String host, int port) throws InterruptedException {
        try (RawConnection c = new RawConnection(host, port)) {
            for (int i = 0; i < 20; i++) {
                c.call("SET", "k" + i, "v");
            }
            c.call("CONFIG", "SET", "rdb-key-save-delay", "100000");
            c.call("BGSAVE");
            Thread.sleep(500);
            String during = bgsaveInProgress(c);
            long deadline = System.currentTimeMillis() + 10_000;
            while (bgsaveInProgress(c).endsWith("1") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            return during + " then " + bgsaveInProgress(c);
        }
    }

    /** A replica's full sync from a master whose snapshot takes 2 s: INFO of the master 500 ms into it. */
    private static String syncWithDelay(String host, int port) throws InterruptedException {
        try (EmbeddedDataNode replica = EmbeddedDataNode.start();
             RawConnection c = new RawConnection(host, port)) {
            for (int i = 0; i < 20; i++) {
                c.call("SET", "k" + i, "v");
            }
            c.call("CONFIG", "SET", "rdb-key-save-delay", "100000");
            try (RawConnection r = new RawConnection(replica.host(), replica.port())) {
                r.call("REPLICAOF", host, Integer.toString(port));
            }
            Thread.sleep(500);
            return bgsaveInProgress(c);
        }
    }

    @Test
    void aFullSyncSnapshotIsABgsaveInProgressAsOnRedis() throws Exception {
        String expected;
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0")) {
            expected = syncWithDelay(redis.host(), redis.port());
        }
        assertThat(expected).isEqualTo("rdb_bgsave_in_progress:1");
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0")) {
            assertThat(syncWithDelay(node.host(), node.port())).isEqualTo(expected);
        }
    }

    @Test
    void aSaveTakesTheDelayAfterEveryKeyAsRedis() throws Exception {
        String expected;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            expected = saveWithDelay(redis.host(), redis.port());
        }
        assertThat(expected).isEqualTo("rdb_bgsave_in_progress:1 then rdb_bgsave_in_progress:0");
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            assertThat(saveWithDelay(node.host(), node.port())).isEqualTo(expected);
        }
    }

    /**
     * The initial AOF rewrite slowed down to 30 s a key: a SHUTDOWN is refused meanwhile, and SHUTDOWN NOSAVE
     * FORCE kills the rewrite and exits at once.
     */
    @Test
    void aSlowedInitialAofRewriteHoldsShutdownBackAsOnRedis() throws Exception {
        String expected;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            expected = shutdownDuringSlowRewrite(redis.host(), redis.port());
        }
        assertThat(expected).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs. aof_rewrite_in_progress:1 exited");
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            assertThat(shutdownDuringSlowRewrite(node.host(), node.port())).isEqualTo(expected);
        }
    }

    private static String shutdownDuringSlowRewrite(String host, int port) throws InterruptedException {
        try (RawConnection c = new RawConnection(host, port)) {
            c.call("SET", "k", "v");
            c.call("CONFIG", "SET", "rdb-key-save-delay", "30000000");
            c.call("CONFIG", "SET", "appendonly", "yes");
            // Without the delay a rewrite of one key would be over long before.
            Thread.sleep(1000);
            String refused = c.callString("SHUTDOWN").strip();
            String info = c.callString("INFO", "persistence");
            int at = info.indexOf("aof_rewrite_in_progress:");
            String rewriting = info.substring(at, info.indexOf("\r\n", at));
            c.send(RawConnection.encode("SHUTDOWN", "NOSAVE", "FORCE"));
            return refused + " " + rewriting + (c.isClosedByPeer(5_000) ? " exited" : " still running");
        }
    }
}
