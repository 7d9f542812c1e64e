package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MEMORY USAGE reports redis-server 7.0's figure for every encoding whose size follows from the content: the key, the
 * string encodings, listpacks, intsets, quicklists, streams built by XADD, and hashtables (sampled, so their members
 * here fall in one allocation size class, as Redis samples them in its own hash order). A skip list's node sizes
 * follow random levels, so a sorted set in that encoding is compared within a margin.
 */
class MemoryUsageDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static void load(String script) {
        diff.check("EVAL", script, "0");
    }

    private static void usage(String key, String... options) {
        String[] command = new String[3 + options.length];
        command[0] = "MEMORY";
        command[1] = "USAGE";
        command[2] = key;
        System.arraycopy(options, 0, command, 3, options.length);
        diff.check(command);
    }

    @Test
    void keysAndStringEncodings() {
        for (int length : new int[] {1, 5, 31, 32, 44, 255, 256}) {
            String key = "k".repeat(length);
            diff.check("SET", key, "v");
            usage(key);
        }
        String[][] values = {{"int", "12345"}, {"negative", "-123456789012"}, {"beyond", "123456789012345678901"},
                {"embstr", "e".repeat(44)}, {"raw", "r".repeat(45)}, {"raw300", "r".repeat(300)},
                {"raw70k", "x".repeat(70_000)}};
        for (String[] kv : values) {
            diff.check("SET", kv[0], kv[1]);
            usage(kv[0]);
        }
        diff.check("SETRANGE", "range", "100", "x");
        diff.check("SETBIT", "bits", "1000", "1");
        usage("range");
        usage("bits");
        usage("nosuchkey");
    }

    @Test
    void listpacksAndIntsets() {
        diff.check("HSET", "hash", "f1", "v1", "f2", "12345", "f3", "1.5");
        diff.check("ZADD", "zset", "1", "a", "2.5", "b", "-3", "c", "1e300", "d");
        load("for i = 1, 200 do redis.call('hset', 'big', 'field' .. i, 'value' .. i) end");
        load("for i = 1, 100 do redis.call('zadd', 'scores', i / 3, 'member' .. i) end");
        diff.check("SADD", "ints", "1", "-5", "70000", "5000000000");
        for (String key : new String[] {"hash", "zset", "big", "scores", "ints"}) {
            usage(key);
        }
        diff.check("HDEL", "big", "field1", "field2");
        usage("big");
    }

    @Test
    void hashtablesIncludingTheConversionsSize() {
        load("for i = 1, 300 do redis.call('sadd', 'members', 'm' .. i) end");
        load("for i = 1, 600 do redis.call('sadd', 'converted', i) end");
        load("for i = 1, 600 do redis.call('hset', 'fields', 'f' .. i, 'v' .. i) end");
        diff.check("HSET", "long", "f", "L".repeat(100));
        for (String key : new String[] {"members", "converted", "fields", "long"}) {
            usage(key);
            usage(key, "SAMPLES", "0");
            usage(key, "SAMPLES", "1");
        }
    }

    @Test
    void quicklistsSampledByNode() {
        diff.check("RPUSH", "small", "a", "b", "c");
        load("for i = 1, 2000 do redis.call('rpush', 'tail', 'element' .. i) end");
        load("for i = 1, 1000 do redis.call('lpush', 'head', 'x' .. i) end");
        for (String key : new String[] {"small", "tail", "head"}) {
            usage(key);
            usage(key, "SAMPLES", "0");
            usage(key, "SAMPLES", "2");
        }
    }

    @Test
    void streamsWithTheirNodesGroupsAndPendingEntries() {
        diff.check("XADD", "one", "1-1", "field", "value");
        load("for i = 1, 1000 do redis.call('xadd', 'many', i .. '-1', 'field', 'value' .. i) end");
        diff.check("XGROUP", "CREATE", "many", "readers", "0");
        diff.check("XREADGROUP", "GROUP", "readers", "alice", "COUNT", "10", "STREAMS", "many", ">");
        diff.check("XREADGROUP", "GROUP", "readers", "bob", "COUNT", "5", "STREAMS", "many", ">");
        diff.check("XGROUP", "CREATE", "many", "idle", "$");
        diff.check("XDEL", "many", "5-1");
        for (String key : new String[] {"one", "many"}) {
            usage(key);
            usage(key, "SAMPLES", "0");
            usage(key, "SAMPLES", "2");
        }
    }

    @Test
    void aClusterNodesKeysCarryTheirSlotListLinks() throws InterruptedException {
        try (Differential cluster = new Differential("--cluster-enabled", "yes")) {
            cluster.check("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!(cluster.redisConnection().callString("CLUSTER", "INFO").contains("cluster_state:ok")
                    && cluster.nodeConnection().callString("CLUSTER", "INFO").contains("cluster_state:ok"))) {
                assertThat(System.nanoTime()).as("both single-node clusters ok").isLessThan(deadline);
                Thread.sleep(50);
            }
            cluster.check("SET", "key", "value");
            cluster.check("HSET", "hash", "f", "v");
            cluster.check("MEMORY", "USAGE", "key");
            cluster.check("MEMORY", "USAGE", "hash");
        }
    }

    @Test
    void skipListsWithinTheSpreadOfTheirRandomLevels() {
        load("for i = 1, 1000 do redis.call('zadd', 'ranked', i, 'player' .. i) end");
        long redis = (Long) RespParser.parse(diff.redisConnection().call("MEMORY", "USAGE", "ranked", "SAMPLES", "0"));
        long node = (Long) RespParser.parse(diff.nodeConnection().call("MEMORY", "USAGE", "ranked", "SAMPLES", "0"));
        assertThat((double) node).isBetween(redis * 0.95, redis * 1.05);
    }
}
