package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DEBUG LOADAOF against redis-server 7.0: the dataset becomes what the AOF files on disk hold. */
class DebugLoadAofDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--appendonly", "yes", "--enable-debug-command", "yes");

    @BeforeEach
    void reset() throws InterruptedException {
        diff.check("CONFIG", "SET", "appendonly", "yes");
        AofRewrites.awaitIdle(diff);
        diff.check("FUNCTION", "FLUSH");
    }

    @Test
    void theDatasetComesBackFromTheAof() {
        diff.checkAll("SET a 1", "EXPIRE a 1000", "RPUSH l x y z", "HSET h f v", "INCR n", "SELECT 3", "SADD s m",
                "SELECT 0", "DEL gone");
        diff.check("DEBUG", "LOADAOF");
        diff.checkAll("GET a", "TTL a", "LRANGE l 0 -1", "HGETALL h", "GET n", "DBSIZE", "SELECT 3", "SMEMBERS s",
                "DBSIZE", "SELECT 0");
    }

    @Test
    void writesMadeWhileTheAofWasOffAreGone() throws InterruptedException {
        diff.check("SET", "before", "1");
        diff.check("CONFIG", "SET", "appendonly", "no");
        diff.check("SET", "after", "2");
        diff.check("DEBUG", "LOADAOF");
        diff.checkAll("GET before", "GET after", "DBSIZE");
        diff.check("CONFIG", "SET", "appendonly", "yes");
        AofRewrites.awaitIdle(diff);
    }

    /** A command-format base rebuilds streams with their IDs, deletions, groups, consumers and pending entries. */
    @Test
    void streamsComeBackFromACommandFormatBase() throws InterruptedException {
        diff.check("CONFIG", "SET", "aof-use-rdb-preamble", "no");
        try {
            diff.checkAll("XADD s 1-1 f v", "XADD s 2-1 a b c d", "XADD s 3-1 x y", "XDEL s 2-1",
                    "XGROUP CREATE s g 0", "XGROUP CREATECONSUMER s g idle",
                    "XREADGROUP GROUP g alice COUNT 2 STREAMS s >", "XADD empty MAXLEN 0 5-5 k v");
            diff.check("BGREWRITEAOF");
            AofRewrites.awaitIdle(diff);
            diff.check("DEBUG", "LOADAOF");
            // Idle times are left out: they depend on when each server replayed the XCLAIMs.
            diff.checkAll("XRANGE s - +", "XINFO STREAM s", "XINFO GROUPS s", "XPENDING s g", "XINFO STREAM empty",
                    "TYPE empty");
        } finally {
            diff.check("CONFIG", "SET", "aof-use-rdb-preamble", "yes");
        }
    }

    @Test
    void functionsAreLoadedAgain() {
        diff.check("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('one', function() return 1 end)");
        diff.check("DEBUG", "LOADAOF");
        diff.checkAll("FCALL one 0", "FUNCTION LIST LIBRARYNAME lib");
    }

    @Test
    void theReloadIsNotCountedAsChangesToSave() {
        diff.checkAll("SET a 1", "SET b 2");
        diff.check("DEBUG", "LOADAOF");
        for (RawConnection conn : List.of(diff.redisConnection(), diff.nodeConnection())) {
            assertThat(conn.callString("INFO", "persistence")).contains("rdb_changes_since_last_save:0");
        }
        diff.checkAll("SET c 3", "DEBUG LOADAOF", "MGET a b c");
    }

    @Test
    void withoutAnyAofTheServerExits() {
        String[] args = {"--appendonly", "no", "--enable-debug-command", "yes"};
        try (RedisServerProcess redis = RedisServerProcess.start(args);
             EmbeddedDataNode node = EmbeddedDataNode.start(args)) {
            for (RawConnection conn : List.of(new RawConnection(redis.host(), redis.port()),
                    new RawConnection(node.host(), node.port()))) {
                try (conn) {
                    conn.send(RawConnection.encode("DEBUG", "LOADAOF"));
                    assertThat(conn.isClosedByPeer(10_000)).isTrue();
                }
            }
        }
    }
}
