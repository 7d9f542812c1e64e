package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A string overwritten by one of the same length is copied into the array its key already holds (to spare the
 * collector), so every reader that got the old value must have its own copy, and the new value must read as
 * freshly SET: encodings, shared integers, a list SORT stored, a COPY, a transaction's and a script's replies.
 */
class SameLengthOverwriteDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--enable-debug-command", "yes");

    @Test
    void theValueReadsAsFreshlySet() {
        diff.checkAll("SET n 12345", "SET n 54321", "OBJECT ENCODING n", "SET n 54322", "GET n",
                "SET small 100", "SET small 200", "SET small 300", "OBJECT REFCOUNT small", "OBJECT ENCODING small",
                "SET s abc", "SETRANGE s 0 x", "OBJECT ENCODING s", "SET s xyz", "OBJECT ENCODING s", "SET s xy1",
                "OBJECT ENCODING s", "SET f 1.5", "INCRBYFLOAT f 1", "OBJECT ENCODING f", "SET f 999", "OBJECT ENCODING f",
                "SET f 3.5", "OBJECT ENCODING f", "SET t aaa", "SET t bbb", "SETRANGE t 1 X", "GET t",
                "OBJECT ENCODING t", "APPEND t Y", "GET t", "STRLEN t");
    }

    @Test
    void readersKeepTheValueTheyRead() {
        diff.checkAll("SET c aaa", "SET c bbb", "COPY c d", "SET c ccc", "GET d", "GET c",
                "SET r aaa", "SET r bbb", "RENAME r r2", "SET r2 ccc", "GET r2",
                "SET g aaa", "SET g bbb", "GETSET g ccc", "SET g ddd GET", "GET g",
                "MSET m aaa m bbb", "MSET m ccc", "GET m", "SETEX m 100 ddd", "TTL m", "SET m eee", "TTL m");
        diff.check("MULTI");
        diff.checkAll("SET k aaa", "SET k bbb", "GET k", "SET k ccc", "GET k");
        diff.check("EXEC");
        diff.check("EVAL", "redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[1], 'bbb') "
                + "local before = redis.call('GET', KEYS[1]) redis.call('SET', KEYS[1], ARGV[1]) "
                + "return {before, redis.call('GET', KEYS[1]), ARGV[1]}", "1", "lua", "aaa");
    }

    /** A list stored by SORT ... GET keeps the strings it got, in packed nodes and in plain nodes of their own. */
    @Test
    void aListSortStoredKeepsItsCopies() {
        diff.checkAll("DEBUG QUICKLIST-PACKED-THRESHOLD 100");
        try {
            diff.check("SET", "w_1", "x".repeat(200));
            diff.check("SET", "w_1", "y".repeat(200));
            diff.checkAll("SET w_2 ab", "SET w_2 cd", "RPUSH ids 1 2", "SORT ids BY nosort GET w_* STORE out");
            diff.check("SET", "w_1", "z".repeat(200));
            diff.checkAll("SET w_2 ef", "LRANGE out 0 -1", "STRLEN w_1");
        } finally {
            diff.checkAll("DEBUG QUICKLIST-PACKED-THRESHOLD 0");
        }
    }
}
