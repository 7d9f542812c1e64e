package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BGREWRITEAOF's replies, CONFIG SET appendonly and INFO persistence's aof fields against redis-server 7.0. */
class AofCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--appendonly", "yes");

    @BeforeEach
    void reset() throws InterruptedException {
        diff.check("CONFIG", "SET", "appendonly", "yes");
        AofRewrites.awaitIdle(diff);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void secondRewriteWhileOneRunsIsRefused() throws InterruptedException {
        diff.check("SET", "k", "v");
        diff.checkRaw(ascii("BGREWRITEAOF\r\nBGREWRITEAOF\r\n"), 2);
        AofRewrites.awaitIdle(diff);
        diff.check("GET", "k");
    }

    @Test
    void rewriteInsideTransactionIsScheduled() throws InterruptedException {
        diff.checkAll("MULTI", "BGREWRITEAOF", "SET k v", "EXEC");
        AofRewrites.awaitIdle(diff);
        diff.check("GET", "k");
    }

    @Test
    void switchingTheAofOffAndOnAtRuntime() throws InterruptedException {
        diff.check("SET", "a", "1");
        diff.check("CONFIG", "SET", "appendonly", "no");
        diff.check("CONFIG", "GET", "appendonly");
        diff.check("BGREWRITEAOF");
        AofRewrites.awaitIdle(diff);
        diff.check("CONFIG", "SET", "appendonly", "yes");
        AofRewrites.awaitIdle(diff);
        diff.check("CONFIG", "GET", "appendonly");
        diff.check("GET", "a");
    }

    /** Redis forks for every background rewrite; total_forks is how tools see that a rewrite started. */
    @Test
    void everyBackgroundRewriteCountsAsAFork() throws InterruptedException {
        long nodeBefore = totalForks(diff.nodeConnection());
        long redisBefore = totalForks(diff.redisConnection());
        diff.check("BGREWRITEAOF");
        AofRewrites.awaitIdle(diff);
        assertThat(totalForks(diff.nodeConnection()) - nodeBefore)
                .isEqualTo(totalForks(diff.redisConnection()) - redisBefore).isEqualTo(1);
    }

    private static long totalForks(RawConnection conn) {
        String info = new String(conn.call("INFO", "stats"), StandardCharsets.ISO_8859_1);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("total_forks:")) {
                return Long.parseLong(line.substring("total_forks:".length()));
            }
        }
        throw new AssertionError("no total_forks in INFO stats");
    }

    @Test
    void infoPersistenceHasRedisAofFields() {
        assertThat(aofFields(diff.nodeConnection())).isEqualTo(aofFields(diff.redisConnection()));
    }

    /** The aof field names with the values that do not depend on timing or sizes. */
    private static List<String> aofFields(RawConnection conn) {
        List<String> out = new ArrayList<>();
        String info = new String(conn.call("INFO", "persistence"), StandardCharsets.ISO_8859_1);
        for (String line : info.split("\r\n")) {
            if (!line.startsWith("aof_")) {
                continue;
            }
            String name = line.substring(0, line.indexOf(':'));
            boolean stable = List.of("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                    "aof_last_bgrewrite_status", "aof_last_write_status", "aof_pending_rewrite",
                    "aof_buffer_length", "aof_rewrites_consecutive_failures", "aof_delayed_fsync",
                    "aof_current_rewrite_time_sec").contains(name);
            out.add(stable ? line : name);
        }
        return out;
    }
}
