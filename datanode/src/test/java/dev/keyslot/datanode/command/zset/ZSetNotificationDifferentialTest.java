package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.KeyspaceEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyspace notifications of the sorted set commands, compared with redis-server 7.0 message by message. */
class ZSetNotificationDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--notify-keyspace-events", "KEA");

    @Test
    void addIncrementRemove() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z NX 5 a", "ZADD z XX 5 a", "ZADD z XX 1 nothere",
                    "ZADD z GT 1 a", "ZADD z CH LT 0 a", "ZADD z INCR 2 b", "ZINCRBY z 1 c", "ZINCRBY fresh 1 m",
                    "ZADD y XX 1 a", "ZREM z nothere", "ZREM z a", "ZREM fresh m", "ZREM nokey a", "ZSCORE z b");
        }
    }

    @Test
    void nanIncrementPublishesNothing() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("ZADD z inf a", "ZINCRBY z -inf a", "ZADD z INCR -inf a", "ZADD z 1 b");
        }
    }

    @Test
    void rangeRemovalsAndPops() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYRANK z 10 20",
                    "ZREMRANGEBYSCORE z 2 2", "ZREMRANGEBYSCORE z 100 200", "ZADD l 0 a 0 b 0 c",
                    "ZREMRANGEBYLEX l [a [a", "ZREMRANGEBYLEX l [x [z", "ZREMRANGEBYLEX l - +", "ZPOPMIN z",
                    "ZPOPMAX z 0", "ZPOPMAX z 2", "ZPOPMIN nokey", "ZMPOP 2 nokey z MIN COUNT 5",
                    "ZADD z 1 a", "BZPOPMAX z 1", "ZADD z 1 a 2 b", "BZMPOP 1 1 z MAX");
        }
    }

    @Test
    void stores() {
        try (KeyspaceEventLog log = KeyspaceEventLog.open(diff)) {
            log.run("ZADD a 1 x 2 y", "ZADD b 3 y 4 z", "ZUNIONSTORE d 2 a b", "ZINTERSTORE d 2 a b",
                    "ZDIFFSTORE d 2 a b", "ZINTERSTORE d 2 a nokey", "ZINTERSTORE d 2 a nokey", "ZRANGESTORE r a 0 -1",
                    "ZRANGESTORE r a 5 10", "ZRANGESTORE r nokey 0 -1", "ZRANGESTORE r b 0 0", "ZDIFFSTORE e 1 nokey",
                    "ZRANGE a 0 -1");
        }
    }
}
