package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts in cluster mode: a data node serving slots 0-8191 and a redis-server serving 8192-16383.
 * EVAL and FCALL keys are routed by numkeys (-MOVED, -CROSSSLOT), and a script touching a key outside its
 * slot fails as in Redis. Where the answer names no node, each server runs the same script on keys it
 * serves and the replies must be identical.
 */
class ScriptClusterTest {
    /** Keys in the data node's half: slots 3300 and 7365; in redis-server's half: 15495 and 12182. */
    private static final String NODE_KEY = "b";
    private static final String NODE_OTHER_SLOT = "c";
    private static final String REDIS_KEY = "a";
    private static final String REDIS_OTHER_SLOT = "foo";

    @TempDir
    static Path dir;
    private static EmbeddedDataNode node;
    private static RedisServerProcess redis;

    @BeforeAll
    static void formCluster() throws Exception {
        node = EmbeddedDataNode.startOn("127.0.0.1", Ports.free(), "--cluster-enabled", "yes",
                "--cluster-node-timeout", "2000", "--dir", dir.toString());
        redis = RedisServerProcess.startOn("127.0.0.1", Ports.free(), "--cluster-enabled", "yes",
                "--cluster-node-timeout", "2000");
        assertThat(node("CLUSTER", "MEET", "127.0.0.1", Integer.toString(redis.port()))).isEqualTo("+OK\r\n");
        assertThat(node("CLUSTER", "ADDSLOTSRANGE", "0", "8191")).isEqualTo("+OK\r\n");
        assertThat(redis("CLUSTER", "ADDSLOTSRANGE", "8192", "16383")).isEqualTo("+OK\r\n");
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(node("CLUSTER", "INFO").contains("cluster_state:ok") && redis("CLUSTER", "INFO").contains("cluster_state:ok"))) {
            assertThat(System.currentTimeMillis()).as("cluster_state:ok on both").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        node.close();
        redis.close();
    }

    private static String node(String... args) {
        try (RawConnection c = new RawConnection(node.host(), node.port())) {
            return c.callString(args);
        }
    }

    private static String redis(String... args) {
        try (RawConnection c = new RawConnection(redis.host(), redis.port())) {
            return c.callString(args);
        }
    }

    @Test
    void declaredKeysAreRoutedByNumkeys() {
        String get = "return redis.call('get', KEYS[1])";
        assertThat(node("EVAL", get, "1", REDIS_OTHER_SLOT)).isEqualTo("-MOVED 12182 127.0.0.1:" + redis.port() + "\r\n");
        assertThat(redis("EVAL", get, "1", NODE_KEY)).isEqualTo("-MOVED 3300 127.0.0.1:" + node.port() + "\r\n");
        assertThat(node("EVAL_RO", get, "1", REDIS_KEY)).startsWith("-MOVED 15495 ");
        assertThat(node("EVAL", get, "2", NODE_KEY, NODE_OTHER_SLOT)).isEqualTo(redis("EVAL", get, "2", REDIS_KEY, REDIS_OTHER_SLOT))
                .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
        assertThat(node("EVAL", "return redis.call('set', KEYS[1], 'v')", "1", NODE_KEY)).isEqualTo("+OK\r\n");
        assertThat(node("EVAL", get, "1", NODE_KEY)).isEqualTo("$1\r\nv\r\n");
        assertThat(node("EVAL", "return 1", "0")).isEqualTo(":1\r\n");
    }

    @Test
    void undeclaredKeysMustBeLocalAndInOneSlot() {
        String nonLocal = "return redis.call('get', ARGV[1])";
        assertThat(node("EVAL", nonLocal, "0", REDIS_KEY)).isEqualTo(redis("EVAL", nonLocal, "0", NODE_KEY))
                .startsWith("-ERR Script attempted to access a non local key in a cluster node script: ");
        String twoSlots = "#!lua\nredis.call('set', KEYS[1], '1') return redis.call('set', ARGV[1], '1')";
        assertThat(node("EVAL", twoSlots, "1", NODE_KEY, NODE_OTHER_SLOT))
                .isEqualTo(redis("EVAL", twoSlots, "1", REDIS_KEY, REDIS_OTHER_SLOT))
                .startsWith("-ERR Script attempted to access keys that do not hash to the same slot script: ");
        String otherThanDeclared = "#!lua\nreturn redis.call('set', ARGV[1], '1')";
        assertThat(node("EVAL", otherThanDeclared, "1", NODE_KEY, NODE_OTHER_SLOT))
                .as("a key outside the declared keys' slot, touched first")
                .isEqualTo(redis("EVAL", otherThanDeclared, "1", REDIS_KEY, REDIS_OTHER_SLOT))
                .startsWith("-ERR Script attempted to access keys that do not hash to the same slot script: ");
        String crossAllowed = "#!lua flags=allow-cross-slot-keys\nredis.call('set', KEYS[1], '1') return redis.call('set', ARGV[1], '1')";
        assertThat(node("EVAL", crossAllowed, "1", NODE_KEY, NODE_OTHER_SLOT)).isEqualTo("+OK\r\n");
        String compat = "redis.call('set', KEYS[1], '1') return redis.call('set', ARGV[1], '1')";
        assertThat(node("EVAL", compat, "1", NODE_KEY, NODE_OTHER_SLOT))
                .isEqualTo(redis("EVAL", compat, "1", REDIS_KEY, REDIS_OTHER_SLOT)).isEqualTo("+OK\r\n");
        String noCluster = "#!lua flags=no-cluster\nreturn 1";
        assertThat(node("EVAL", noCluster, "0")).isEqualTo(redis("EVAL", noCluster, "0"))
                .isEqualTo("-ERR Can not run script on cluster, 'no-cluster' flag is set.\r\n");
    }

    @Test
    void fcallKeysAreRoutedToo() {
        String lib = "#!lua name=clib\nredis.register_function('cget', function(keys) return redis.call('get', keys[1]) end)";
        assertThat(node("FUNCTION", "LOAD", "REPLACE", lib)).isEqualTo("$4\r\nclib\r\n");
        assertThat(node("FCALL", "cget", "1", REDIS_OTHER_SLOT)).isEqualTo("-MOVED 12182 127.0.0.1:" + redis.port() + "\r\n");
        assertThat(node("FCALL", "cget", "2", NODE_KEY, NODE_OTHER_SLOT))
                .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
        assertThat(node("FCALL", "cget", "1", "missing{b}")).isEqualTo("$-1\r\n");
    }
}
