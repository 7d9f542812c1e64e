package dev.keyslot.datanode.command;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The random picks of SRANDMEMBER, SPOP, HRANDFIELD, ZRANDMEMBER and RANDOMKEY over hash tables are uniform, as
 * Redis's fair pick makes them: ten members, a thousand picks, and the chi-square statistic must stay under 40
 * (9 degrees of freedom: a uniform pick exceeds it once in 100,000 runs) on both servers, as in Redis's own
 * test suite. A pick of a random bucket's random entry fails it: members sharing a bucket come up half as often.
 */
class RandomPickDistributionTest {
    private static final int MEMBERS = 10;
    private static final int PICKS = 1000;
    private static final double CHI_SQUARE_LIMIT = 40;
    @RegisterExtension
    static final Differential diff = Differential.perClass("--hash-max-listpack-entries", "0", "--zset-max-listpack-entries", "0");

    @Test
    void srandmemberAndSpopPickSetMembersUniformly() {
        for (int i = 0; i < MEMBERS; i++) {
            diff.check("SADD", "s", "member-" + i);
        }
        assertThat(diff.check("OBJECT", "ENCODING", "s")).contains("hashtable");
        assertUniform(server -> texts(server.call("SRANDMEMBER", "s", "-" + PICKS)));
        assertUniform(server -> {
            List<String> picks = new ArrayList<>();
            for (int round = 0; round < PICKS / 2; round++) {
                picks.addAll(texts(server.call("SRANDMEMBER", "s", "2")));
            }
            return picks;
        });
        assertUniform(server -> {
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < PICKS; i++) {
                String popped = text(server.call("SPOP", "s"));
                server.call("SADD", "s", popped);
                picks.add(popped);
            }
            return picks;
        });
    }

    @Test
    void hrandfieldAndZrandmemberPickUniformly() {
        for (int i = 0; i < MEMBERS; i++) {
            diff.check("HSET", "h", "field-" + i, "v");
            diff.check("ZADD", "z", Integer.toString(i), "member-" + i);
        }
        assertThat(diff.check("OBJECT", "ENCODING", "h")).contains("hashtable");
        assertThat(diff.check("OBJECT", "ENCODING", "z")).contains("skiplist");
        assertUniform(server -> texts(server.call("HRANDFIELD", "h", "-" + PICKS)));
        assertUniform(server -> texts(server.call("ZRANDMEMBER", "z", "-" + PICKS)));
    }

    @Test
    void randomkeyPicksKeysUniformly() {
        for (int i = 0; i < MEMBERS; i++) {
            diff.check("SET", "key-" + i, "v");
        }
        assertUniform(server -> {
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < PICKS; i++) {
                picks.add(text(server.call("RANDOMKEY")));
            }
            return picks;
        });
    }

    private static void assertUniform(Function<RawConnection, List<String>> picks) {
        for (boolean redis : new boolean[] {true, false}) {
            RawConnection server = redis ? diff.redisConnection() : diff.nodeConnection();
            List<String> picked = picks.apply(server);
            assertThat(picked).hasSize(PICKS);
            Map<String, Integer> histogram = new HashMap<>();
            picked.forEach(p -> histogram.merge(p, 1, Integer::sum));
            assertThat(histogram).as(redis ? "redis-server" : "data node").hasSize(MEMBERS);
            assertThat(chiSquare(histogram)).as("chi-square of %s's picks %s", redis ? "redis-server" : "the data node", histogram)
                    .isLessThan(CHI_SQUARE_LIMIT);
        }
    }

    private static double chiSquare(Map<String, Integer> histogram) {
        double expected = (double) PICKS / histogram.size();
        double sum = 0;
        for (int count : histogram.values()) {
            sum += (count - expected) * (count - expected) / expected;
        }
        return sum;
    }

    private static String text(byte[] reply) {
        return RespNode.parse(reply).text;
    }

    private static List<String> texts(byte[] reply) {
        return RespNode.parse(reply).texts();
    }
}
