package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.InternalCalls;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RESP3 reply shapes (score pairs, doubles, nulls) of the list and sorted-set commands, and the
 * blocking commands when blocking is denied (as inside EXEC): the data node runs them on a client set
 * to that state, redis-server over a HELLO 3 connection or inside MULTI.
 */
class Resp3ShapesTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.checkAll("ZADD z 1 a 2.5 b -0 c inf d", "ZADD w 1 a 10 x", "RPUSH l 1 2 3");
    }

    @Test
    void sortedSetRepliesInResp3() {
        try (RawConnection redis = new RawConnection(diff.redis().host(), diff.redis().port())) {
            redis.call("HELLO", "3");
            String[][] commands = {
                {"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"ZRANGE", "z", "0", "-1"},
                {"ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES"}, {"ZREVRANGE", "z", "0", "1", "WITHSCORES"},
                {"ZSCORE", "z", "b"}, {"ZSCORE", "z", "nope"}, {"ZSCORE", "missing", "a"},
                {"ZMSCORE", "z", "a", "nope", "d"}, {"ZRANK", "z", "nope"}, {"ZRANDMEMBER", "z", "10", "WITHSCORES"},
                {"ZRANDMEMBER", "missing"}, {"ZUNION", "2", "z", "w", "WITHSCORES"}, {"ZINTER", "2", "z", "w", "WITHSCORES"},
                {"ZDIFF", "2", "z", "w", "WITHSCORES"}, {"ZSCAN", "z", "0"}, {"ZADD", "z", "INCR", "1", "b"},
                {"ZADD", "z", "XX", "INCR", "1", "nope"}, {"ZINCRBY", "z", "-0.5", "a"}, {"ZPOPMIN", "z"},
                {"ZPOPMAX", "z", "2"}, {"ZPOPMIN", "missing", "2"}, {"ZMPOP", "1", "w", "MIN"},
                {"ZMPOP", "1", "missing", "MIN"}, {"BZPOPMIN", "w", "0"}, {"BZMPOP", "0", "1", "z", "MAX"},
                {"LPOP", "missing"}, {"LPOP", "missing", "2"}, {"LINDEX", "l", "9"}, {"LPOS", "l", "9"},
                {"LMPOP", "1", "missing", "LEFT"}, {"LMOVE", "missing", "l", "LEFT", "LEFT"}, {"BLPOP", "l", "0"}};
            for (String[] command : commands) {
                byte[] expected = redis.call(command);
                byte[] actual = InternalCalls.run(diff.node(), c -> c.reply().setProtocol(3), command);
                assertThat(Differential.printable(actual)).as(String.join(" ", command))
                        .isEqualTo(Differential.printable(expected));
            }
        }
    }

    @Test
    void blockingCommandsDoNotBlockWhenDenied() {
        try (RawConnection redis = new RawConnection(diff.redis().host(), diff.redis().port())) {
            String[][] commands = {
                {"BLPOP", "missing", "0"}, {"BRPOP", "missing", "other", "0"}, {"BLMPOP", "0", "1", "missing", "LEFT"},
                {"BLMOVE", "missing", "l", "LEFT", "LEFT", "0"}, {"BRPOPLPUSH", "missing", "l", "0"},
                {"BZPOPMIN", "missing", "0"}, {"BZPOPMAX", "missing", "0"}, {"BZMPOP", "0", "1", "missing", "MIN"},
                {"BLPOP", "l", "0"}, {"BZPOPMIN", "z", "0"}, {"BLPOP", "missing", "-1"}};
            for (String[] command : commands) {
                redis.call("MULTI");
                redis.call(command);
                byte[] exec = redis.call("EXEC");
                String expected = Differential.printable(exec).replaceFirst("^\\*1\\\\r\\\\n", "");
                byte[] actual = InternalCalls.run(diff.node(), c -> c.setDenyBlocking(true), command);
                assertThat(Differential.printable(actual)).as(String.join(" ", command)).isEqualTo(expected);
            }
        }
    }
}
