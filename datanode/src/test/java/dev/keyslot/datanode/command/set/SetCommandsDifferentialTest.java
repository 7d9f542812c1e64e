package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.Resp3Switch;
import dev.keyslot.datanode.testing.UnorderedReplies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Set commands against redis-server: intset results compare exactly (sorted), hashtable ones ignoring order.
 */
class SetCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    private static void unordered(String command) {
        UnorderedReplies.check(diff, 1, command.split(" "));
    }

    @Test
    void saddSremScardOnIntsets() {
        diff.checkAll("SADD s 5 -3 100000 5 0 -9223372036854775808 9223372036854775807", "SMEMBERS s", "SCARD s",
                "SREM s 5 7 x", "SMEMBERS s", "SREM s 0 -3 100000 -9223372036854775808 9223372036854775807",
                "EXISTS s", "SMEMBERS s", "SCARD s", "SREM s a");
    }

    @Test
    void nonCanonicalIntegersAreStrings() {
        diff.checkAll("SADD s 1 01 +1 \" 1\" 1.0 -0 9223372036854775808", "SCARD s", "SISMEMBER s 1",
                "SISMEMBER s 01", "SISMEMBER s 1.0", "SREM s 01");
        unordered("SMEMBERS s");
    }

    @Test
    void stringMembers() {
        diff.checkAll("SADD s a b c a", "SCARD s", "SISMEMBER s a", "SISMEMBER s z", "SMISMEMBER s a z b",
                "SMISMEMBER missing a b", "SISMEMBER missing a", "SREM s a b", "SMEMBERS s", "SREM s c", "EXISTS s");
        unordered("SADD s x y z 1 2");
        unordered("SMEMBERS s");
    }

    @Test
    void wrongTypeErrors() {
        diff.checkAll("SET k v", "SADD s 1", "SADD k a", "SREM k a", "SMEMBERS k", "SISMEMBER k a",
                "SMISMEMBER k a", "SCARD k", "SPOP k", "SPOP k 2", "SRANDMEMBER k", "SRANDMEMBER k 2",
                "SMOVE k s a", "SMOVE s k 1", "SINTER s k", "SINTER missing k", "SINTERCARD 2 s k",
                "SINTERSTORE d s k", "SUNION s k", "SUNIONSTORE d s k", "SDIFF s k", "SDIFF missing k",
                "SDIFFSTORE d s k", "SSCAN k 0", "EXISTS d");
    }

    @Test
    void arityAndSyntaxErrors() {
        diff.checkAll("SADD s", "SREM s", "SMEMBERS", "SMEMBERS a b", "SISMEMBER s", "SMISMEMBER s",
                "SCARD", "SPOP", "SPOP s 1 2", "SRANDMEMBER", "SRANDMEMBER s 1 2", "SMOVE a b", "SINTER",
                "SINTERCARD 1", "SINTERSTORE d", "SUNION", "SUNIONSTORE d", "SDIFF", "SDIFFSTORE d", "SSCAN s");
    }

    @Test
    void smove() {
        diff.checkAll("SADD a 1 2 3", "SMOVE a b 1", "SMEMBERS a", "SMEMBERS b", "SMOVE a b 1", "SMOVE a b x",
                "SMOVE missing b 1", "SMOVE a a 2", "SMOVE a a 9", "SADD b 2", "SMOVE a b 2", "SMEMBERS a",
                "SMEMBERS b", "SMOVE a b 3", "EXISTS a", "SMEMBERS b", "SMOVE b c str", "SET k v", "SMOVE missing k 1",
                "SMOVE b k 1", "SMOVE k b 1");
    }

    @Test
    void intersections() {
        diff.checkAll("SADD a 1 2 3 4 5", "SADD b 5 3 1 9", "SADD c 3 5 7 1", "SINTER a b c", "SINTER a",
                "SINTER a missing", "SINTER a a", "SINTERSTORE d a b", "SMEMBERS d", "SINTERSTORE d a missing",
                "EXISTS d", "SINTERSTORE d a missing", "SADD e 10 20", "SINTERSTORE d a e", "EXISTS d",
                "SINTERCARD 3 a b c", "SINTERCARD 1 a", "SINTERCARD 2 a missing", "SINTERCARD 2 a b LIMIT 1",
                "SINTERCARD 2 a b LIMIT 0", "SINTERCARD 2 a b limit 100");
        diff.checkAll("SADD x a b c", "SADD y c b z", "SINTERCARD 2 x y");
        unordered("SINTER x y");
        diff.checkAll("SINTERSTORE st x y", "SCARD st");
        unordered("SMEMBERS st");
    }

    @Test
    void intersectionOrderFollowsTheSmallestSet() {
        // The smallest set is iterated: an intset gives sorted output even when the others are hashtables.
        diff.checkAll("SADD small 3 1 2", "SADD big 1 2 3 x y z", "SINTER big small", "SINTER small big",
                "SADD same1 2 1", "SADD same2 1 2", "SINTER same2 same1");
    }

    @Test
    void sintercardErrors() {
        diff.checkAll("SADD a 1", "SINTERCARD 0 a", "SINTERCARD -1 a", "SINTERCARD x a", "SINTERCARD 2 a",
                "SINTERCARD 1 a LIMIT", "SINTERCARD 1 a LIMIT -1", "SINTERCARD 1 a LIMIT x", "SINTERCARD 1 a FOO 1",
                "SINTERCARD 1 a b", "SINTERCARD 9223372036854775808 a");
    }

    @Test
    void unionsAndDifferences() {
        diff.checkAll("SADD a 1 2 3", "SADD b 3 4 5", "SUNION a b", "SUNION a missing", "SUNION missing",
                "SDIFF a b", "SDIFF b a", "SDIFF a missing", "SDIFF missing a", "SDIFF a a", "SDIFF a b a",
                "SUNIONSTORE d a b", "SMEMBERS d", "SDIFFSTORE d a b", "SMEMBERS d", "SDIFFSTORE d a a",
                "EXISTS d", "SDIFFSTORE d a a", "SUNIONSTORE d missing", "EXISTS d");
        diff.checkAll("SADD s x 1 y");
        unordered("SDIFF s a");
        unordered("SUNION a s");
        unordered("SDIFF s b");
        // The difference only keeps integers, so it is rebuilt as an intset: sorted.
        diff.checkAll("SADD t 9 x 7 8", "SDIFF t s", "SDIFFSTORE d t s", "SMEMBERS d");
    }

    @Test
    void storeOverwritesAnyType() {
        diff.checkAll("SET d v", "SADD a 1", "SUNIONSTORE d a", "SMEMBERS d", "SET d v",
                "SINTERSTORE d a", "SMEMBERS d", "SET d v", "SDIFFSTORE d a missing", "SMEMBERS d", "SET d v",
                "SINTERSTORE d a missing", "EXISTS d", "SET d v", "SUNIONSTORE d missing", "EXISTS d");
    }

    @Test
    void sdiffAlgorithmChoiceDecidesTheResultEncoding() {
        // Algorithm 2 (copy then remove) is chosen here and passes through a 600-member hashtable; algorithm 1
        // would have built an intset. The order of the stored result shows which one ran.
        StringBuilder first = new StringBuilder("SADD first");
        StringBuilder second = new StringBuilder("SADD second");
        for (int i = 0; i < 600; i++) {
            first.append(' ').append(i);
            if (i < 299) {
                second.append(' ').append(i);
            }
        }
        diff.checkAll(first.toString(), second.toString(), "SADD third 599", "SDIFFSTORE d first second third",
                "SCARD d");
        unordered("SMEMBERS d");
        diff.checkAll("SDIFFSTORE d2 first second", "SMEMBERS d2");
    }

    @Test
    void spopAndSrandmemberDeterministicCases() {
        diff.checkAll("SPOP s", "SPOP s 3", "SRANDMEMBER s", "SRANDMEMBER s 3", "SRANDMEMBER s -3",
                "SADD s 3 1 2", "SPOP s 0", "SRANDMEMBER s 0", "SRANDMEMBER s 3", "SRANDMEMBER s 10",
                "SPOP s 3", "EXISTS s", "SADD s 5 4", "SPOP s 10", "EXISTS s");
        diff.checkAll("SADD one x", "SPOP one", "EXISTS one", "SADD one y", "SRANDMEMBER one", "SRANDMEMBER one -2",
                "SPOP one 1", "EXISTS one");
    }

    @Test
    void spopAndSrandmemberErrors() {
        diff.checkAll("SADD s 1", "SPOP s -1", "SPOP s x", "SPOP missing -1", "SRANDMEMBER s x",
                "SRANDMEMBER s -9223372036854775808", "SRANDMEMBER missing x", "SPOP s 1.5");
    }

    @Test
    void sscan() {
        diff.checkAll("SSCAN s 0", "SADD s 10 2 33 4", "SSCAN s 0", "SSCAN s 0 MATCH 3*", "SSCAN s 0 COUNT 1",
                "SSCAN s 7 MATCH * COUNT 3", "SSCAN s x", "SSCAN s 0 COUNT 0", "SSCAN s 0 MATCH", "SSCAN s 0 BAR 1",
                "SSCAN missing 0 COUNT 0");
    }

    @Test
    void resp3Shapes() {
        Resp3Switch.enable(diff);
        diff.checkAll("SMEMBERS s", "SINTER s", "SUNION s", "SDIFF s", "SPOP s", "SPOP s 2", "SRANDMEMBER s",
                "SRANDMEMBER s 2", "SADD s 1 2 3", "SMEMBERS s", "SINTER s s", "SUNION s", "SDIFF s",
                "SRANDMEMBER s 5", "SPOP s 0", "SMISMEMBER s 1 9", "SISMEMBER s 1", "SINTERCARD 1 s", "SSCAN s 0",
                "SPOP s 5");
    }
}
