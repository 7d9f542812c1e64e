package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.Resp3Switch;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPOP and SRANDMEMBER checked by invariants on both servers: same reply type and length as Redis's,
 * members of the set, distinct where Redis promises it, popped members really removed. Covers intsets and
 * hashtables and each of Redis's count strategies.
 */
class SetRandomInvariantsTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static Set<String> fill(String prefix, int members) {
        Set<String> model = new HashSet<>();
        StringBuilder cmd = new StringBuilder("SADD s");
        for (int i = 0; i < members; i++) {
            cmd.append(' ').append(prefix).append(i);
            model.add(prefix + i);
        }
        diff.checkAll("DEL s", cmd.toString());
        return model;
    }

    /** Runs on both; asserts equal shapes and returns both replies (Redis's first). */
    private static List<RespNode> both(String... args) {
        RespNode expected = RespNode.parse(diff.redisConnection().call(args));
        RespNode actual = RespNode.parse(diff.nodeConnection().call(args));
        assertThat(actual.type).isEqualTo(expected.type);
        if (expected.isAggregate()) {
            assertThat(actual.children).hasSameSizeAs(expected.children);
        }
        return List.of(expected, actual);
    }

    private static void srandmember(Set<String> model) {
        int n = model.size();
        for (RespNode r : both("SRANDMEMBER", "s")) {
            assertThat(model).contains(r.text);
        }
        for (int count : new int[] {1, 2, n / 4, n / 2, n - 1, n, n + 3, -1, -n, -2 * n}) {
            for (RespNode r : both("SRANDMEMBER", "s", Integer.toString(count))) {
                List<String> members = r.texts();
                assertThat(members).hasSize(count < 0 ? -count : Math.min(count, n));
                assertThat(model).containsAll(members);
                if (count > 0) {
                    assertThat(new HashSet<>(members)).hasSameSizeAs(members);
                }
            }
        }
    }

    @Test
    void srandmemberOnIntset() {
        srandmember(fill("", 100));
    }

    @Test
    void srandmemberOnHashtable() {
        srandmember(fill("m", 100));
    }

    private static void spop(String prefix) {
        int[][] sizesAndCounts = {{100, 1}, {100, 10}, {100, 90}, {100, 99}, {100, 100}, {100, 150}, {10, 0}};
        for (int[] sc : sizesAndCounts) {
            Set<String> model = fill(prefix, sc[0]);
            List<RespNode> replies = both("SPOP", "s", Integer.toString(sc[1]));
            List<RawConnection> conns = List.of(diff.redisConnection(), diff.nodeConnection());
            for (int i = 0; i < 2; i++) {
                List<String> popped = replies.get(i).texts();
                assertThat(popped).hasSize(Math.min(sc[1], sc[0]));
                assertThat(new HashSet<>(popped)).hasSameSizeAs(popped);
                assertThat(model).containsAll(popped);
                Set<String> rest = new HashSet<>(RespNode.parse(conns.get(i).call("SMEMBERS", "s")).texts());
                Set<String> expectedRest = new HashSet<>(model);
                popped.forEach(expectedRest::remove);
                assertThat(rest).isEqualTo(expectedRest);
            }
        }
        Set<String> model = fill(prefix, 5);
        for (int i = 0; i < 5; i++) {
            for (RespNode r : both("SPOP", "s")) {
                assertThat(model).contains(r.text);
            }
        }
        both("EXISTS", "s");
    }

    @Test
    void spopOnIntset() {
        spop("");
    }

    @Test
    void spopOnHashtable() {
        spop("m");
    }

    @Test
    void resp3Shapes() {
        fill("m", 50);
        Resp3Switch.enable(diff);
        both("SPOP", "s", "3");
        both("SPOP", "s", "45");
        both("SRANDMEMBER", "s", "-4");
        both("SPOP", "s", "5");
        both("SPOP", "s", "5");
    }
}
