package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.Resp3Switch;
import dev.keyslot.datanode.testing.UnorderedReplies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hash commands on listpack-encoded hashes (exact order), their errors and RESP3 shapes, against redis-server. */
class HashCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void hsetAndHmsetCountNewFieldsAndPreserveInsertionOrder() {
        diff.checkAll("HSET h a 1 b 2 c 3", "HSET h b 20 d 4", "HGETALL h", "HMSET h e 5 a 10", "HGETALL h",
                "HKEYS h", "HVALS h", "HLEN h", "HSET h a 1 a 2", "HGET h a");
    }

    @Test
    void hsetArityErrors() {
        diff.checkAll("HSET h", "HSET h a", "HSET h a 1 b", "HMSET h a 1 b", "HMSET h a", "EXISTS h");
    }

    @Test
    void hsetnxOnlySetsMissingFields() {
        diff.checkAll("HSETNX h a 1", "HSETNX h a 2", "HSETNX h b 3", "HGETALL h", "HSETNX h", "HSETNX h a b c");
    }

    @Test
    void readsOfMissingKeysAndFields() {
        diff.checkAll("HGET h a", "HMGET h a b", "HGETALL h", "HKEYS h", "HVALS h", "HLEN h", "HEXISTS h a",
                "HSTRLEN h a", "HSET h a hello", "HGET h b", "HMGET h a b a", "HEXISTS h a", "HEXISTS h b",
                "HSTRLEN h a", "HSTRLEN h b");
    }

    @Test
    void hdelRemovesFieldsAndTheEmptyKey() {
        diff.checkAll("HDEL h a", "HSET h a 1 b 2 c 3", "HDEL h a x a", "HGETALL h", "HDEL h b c d",
                "EXISTS h", "HGETALL h");
    }

    @Test
    void wrongTypeErrors() {
        diff.checkAll("SET s v", "HSET s a 1", "HSETNX s a 1", "HGET s a", "HMGET s a", "HMSET s a 1",
                "HGETALL s", "HKEYS s", "HVALS s", "HDEL s a", "HEXISTS s a", "HLEN s", "HSTRLEN s a",
                "HINCRBY s a 1", "HINCRBYFLOAT s a 1", "HSCAN s 0", "HRANDFIELD s", "HRANDFIELD s 2",
                "HRANDFIELD s 2 WITHVALUES", "GET s");
    }

    @Test
    void hincrby() {
        diff.checkAll("HINCRBY h a 5", "HINCRBY h a -12", "HINCRBY h a 0", "HGETALL h",
                "HINCRBY h a x", "HINCRBY h a 1.5", "HINCRBY h a 99999999999999999999",
                "HSET h s text", "HINCRBY h s 1", "HSET h f 1.0", "HINCRBY h f 1", "HSET h sp \" 1\"",
                "HSET h max 9223372036854775807", "HINCRBY h max 1", "HINCRBY h max -1",
                "HSET h min -9223372036854775808", "HINCRBY h min -1", "HINCRBY h min 1", "HGETALL h",
                "HINCRBY h new -9223372036854775808", "HINCRBY h", "HINCRBY h a 1 2");
    }

    @Test
    void hincrbyMissingKeyWithBadIncrementCreatesNothing() {
        diff.checkAll("HINCRBY h a x", "EXISTS h", "HINCRBYFLOAT h a x", "EXISTS h", "HINCRBYFLOAT h a inf",
                "EXISTS h");
    }

    @Test
    void hincrbyfloatUsesLongDoublePrecision() {
        diff.checkAll("HINCRBYFLOAT h a 0.1", "HINCRBYFLOAT h a 0.2", "HINCRBYFLOAT h a -0.3",
                "HINCRBYFLOAT h b 10.5", "HINCRBYFLOAT h b 1e3", "HINCRBYFLOAT h b -1050.5",
                "HINCRBYFLOAT h c 3.0e3", "HINCRBYFLOAT h d 1.23456789012345678901234567890",
                "HINCRBYFLOAT h e 0x1p-3", "HINCRBYFLOAT h e 0x.8", "HINCRBYFLOAT h e +.5", "HINCRBYFLOAT h e 5.",
                "HINCRBYFLOAT h f 1e400", "HINCRBYFLOAT h g 1e-4940", "HINCRBYFLOAT h g 1",
                "HINCRBYFLOAT h i 5.0e-20", "HINCRBYFLOAT h j -5.0e-20", "HINCRBYFLOAT h k 17179869184.0001",
                "HINCRBYFLOAT h l 9223372036854775807", "HINCRBYFLOAT h l 1", "HINCRBYFLOAT h m 0.00000000000000001",
                "HINCRBYFLOAT h n 0.000000000000000005", "HINCRBYFLOAT h n 0.000000000000000015",
                "HINCRBYFLOAT h o 1.18e4932", "HINCRBYFLOAT h o 1.18e4932");
        // The long values made the hash a hashtable, whose order is its own.
        UnorderedReplies.check(diff, 2, "HGETALL", "h");
    }

    @Test
    void hincrbyfloatErrors() {
        diff.checkAll("HINCRBYFLOAT h a abc", "HINCRBYFLOAT h a inf", "HINCRBYFLOAT h a -infinity",
                "HINCRBYFLOAT h a nan", "HINCRBYFLOAT h a 1e5000", "HINCRBYFLOAT h a 1e-5000",
                "HINCRBYFLOAT h a 1e", "HINCRBYFLOAT h a 0x", "HINCRBYFLOAT h a --1", "HINCRBYFLOAT h a 1.5f",
                "HSET h s text", "HINCRBYFLOAT h s 1", "HSET h i inf", "HINCRBYFLOAT h i 1",
                "HSET h n nan", "HINCRBYFLOAT h n 1", "HSET h e \"\"", "HINCRBYFLOAT h e 1", "HGETALL h");
        diff.check("HINCRBYFLOAT", "h", "a", " 1");
        diff.check("HINCRBYFLOAT", "h", "a", "1 ");
        diff.check("HINCRBYFLOAT", "h", "a", "");
        diff.check("HINCRBYFLOAT", "h", "a", "1\u0000");
        diff.check("HINCRBYFLOAT", "h", "a", "1".repeat(5200));
    }

    @Test
    void hincrbyfloatProducesOverflowError() {
        diff.checkAll("HINCRBYFLOAT h a 1.1e4932", "HINCRBYFLOAT h a 1.1e4932", "HGET h a");
    }

    @Test
    void hscanOnListpackReturnsEverythingWithCursorZero() {
        diff.checkAll("HSCAN h 0", "HSET h a 1 bb 2 abc 3 x 4", "HSCAN h 0", "HSCAN h 0 COUNT 1",
                "HSCAN h 0 MATCH a*", "HSCAN h 0 MATCH *b* COUNT 100", "HSCAN h 0 MATCH * COUNT 2",
                "HSCAN h 5", "HSCAN h 0 MATCH nomatch", "HSCAN h 0 match ? count 1");
    }

    @Test
    void hscanErrors() {
        diff.checkAll("HSET h a 1", "HSCAN h x", "HSCAN h -1", "HSCAN h +3", "HSCAN h 18446744073709551615",
                "HSCAN h 18446744073709551616", "HSCAN h 0x1", "HSCAN h 0 COUNT 0", "HSCAN h 0 COUNT -1",
                "HSCAN h 0 COUNT x", "HSCAN h 0 COUNT", "HSCAN h 0 MATCH", "HSCAN h 0 FOO bar",
                "HSCAN h 0 TYPE string", "HSCAN missing 0 COUNT 0", "HSCAN missing 0 FOO",
                "HSCAN missing x");
        diff.check("HSCAN", "h", " 1");
        diff.check("HSCAN", "h", "");
        diff.check("HSCAN", "h", "0\u0000junk");
    }

    @Test
    void hrandfieldDeterministicCases() {
        diff.checkAll("HRANDFIELD h", "HRANDFIELD h 3", "HRANDFIELD h -3 WITHVALUES", "HSET h a 1 b 2 c 3",
                "HRANDFIELD h 0", "HRANDFIELD h 3", "HRANDFIELD h 10 WITHVALUES", "HRANDFIELD h 0 WITHVALUES");
    }

    @Test
    void hrandfieldErrors() {
        diff.checkAll("HSET h a 1", "HRANDFIELD h x", "HRANDFIELD h 1 WITHSCORES", "HRANDFIELD h 1 WITHVALUES x",
                "HRANDFIELD h -9223372036854775808", "HRANDFIELD h 9223372036854775807 WITHVALUES",
                "HRANDFIELD h -4611686018427387904 WITHVALUES", "HRANDFIELD missing x",
                "HRANDFIELD missing 1 foo", "HRANDFIELD h 1.5");
    }

    @Test
    void resp3Shapes() {
        Resp3Switch.enable(diff);
        diff.checkAll("HGETALL h", "HGET h a", "HMGET h a", "HRANDFIELD h", "HSET h a 1 b 2 c 3", "HGETALL h",
                "HKEYS h", "HRANDFIELD h 5 WITHVALUES", "HRANDFIELD h 5", "HRANDFIELD h 0 WITHVALUES",
                "HINCRBYFLOAT h f 1.5", "HSCAN h 0", "HMGET h a zz", "HEXISTS h a");
    }
}
