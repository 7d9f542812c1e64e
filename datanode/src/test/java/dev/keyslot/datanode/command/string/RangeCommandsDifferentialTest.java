package dev.keyslot.datanode.command.string;

import org.junit.jupiter.api.Test;

/** APPEND, STRLEN, GETRANGE, SUBSTR and SETRANGE. */
class RangeCommandsDifferentialTest extends StringDifferentialBase {

    @Test
    void appendAndStrlen() {
        diff.checkAll("STRLEN k", "APPEND k hello", "APPEND k _world", "GET k", "STRLEN k", "SET n 123",
                "APPEND n 4", "GET n", "INCR n", "STRLEN n");
        diff.check("APPEND", "e", "");
        diff.check("STRLEN", "e");
        diff.check("APPEND", "k", "");
        diff.check("EXISTS", "e");
    }

    @Test
    void appendKeepsTtl() {
        diff.checkAll("SET k v EX 100", "APPEND k w");
        assertSameTtl("k");
    }

    @Test
    void rawEncodingAfterAppendAndSetrange() {
        diff.checkAll("SET a 1", "APPEND a 2", "SET b short", "APPEND b \"\"", "APPEND c new", "SET d 12",
                "SETRANGE d 0 3", "SETRANGE e 2 x", "SET f 10", "APPEND f 1", "INCR f", "SET g abc",
                "SETRANGE g 1 \"\"");
        diff.check("SET", "h", "x".repeat(45));
        diff.check("SET", "i", "x".repeat(44));
        for (String k : new String[] {"a", "b", "c", "d", "e", "f", "g", "h", "i"}) {
            assertSameRawness(k);
        }
    }

    @Test
    void getrangeIndexes() {
        diff.checkAll("GETRANGE missing 0 -1", "SET k Hello_World", "GETRANGE k 0 4", "GETRANGE k -3 -1",
                "GETRANGE k 0 -1", "GETRANGE k 10 100", "GETRANGE k 5 3", "GETRANGE k -1 -5", "GETRANGE k -100 2",
                "GETRANGE k 0 -100", "GETRANGE k 11 11", "GETRANGE k 100 200", "GETRANGE k -1 -1",
                "GETRANGE k 9223372036854775807 -9223372036854775808", "GETRANGE k -9223372036854775808 9223372036854775807",
                "SUBSTR k 1 3", "SUBSTR k -2 -1", "SET n -12345", "GETRANGE n 1 2");
        diff.check("SET", "e", "");
        diff.check("GETRANGE", "e", "0", "-1");
        diff.check("GETRANGE", "e", "0", "0");
    }

    @Test
    void getrangeErrors() {
        diff.checkAll("SET k v", "GETRANGE k a 1", "GETRANGE k 0 b", "GETRANGE missing x 1", "GETRANGE k",
                "GETRANGE k 0", "GETRANGE k 0 1 2", "SUBSTR k", "SUBSTR k 0 x");
    }

    @Test
    void setrange() {
        diff.checkAll("SETRANGE k 0 abc", "GET k", "SETRANGE k 1 X", "GET k", "SETRANGE k 5 tail", "GET k",
                "STRLEN k", "SETRANGE n 3 z", "GET n", "SET i 1234", "SETRANGE i 1 9", "GET i", "INCR i");
        diff.check("SETRANGE", "empty", "5", "");
        diff.check("EXISTS", "empty");
        diff.check("SETRANGE", "k", "100", "");
        diff.check("STRLEN", "k");
    }

    @Test
    void setrangeKeepsTtl() {
        diff.checkAll("SET k hello EX 100", "SETRANGE k 1 a");
        assertSameTtl("k");
    }

    @Test
    void setrangeErrorsAndLimit() {
        diff.checkAll("SETRANGE k -1 v", "SETRANGE k x v", "SETRANGE k 1.5 v", "SETRANGE k 536870912 v",
                "SETRANGE k 536870911 vv", "SETRANGE k 9223372036854775807 v", "SET s abc",
                "SETRANGE s 536870912 v", "SETRANGE s 9223372036854775807 v", "GET s", "SETRANGE k",
                "SETRANGE k 0", "SETRANGE k 0 a b");
        diff.check("SETRANGE", "k", "536870912", "");
        diff.check("SETRANGE", "k", "-1", "");
    }

    @Test
    void appendBeyondLimitIsRefused() {
        try (var small = new dev.keyslot.datanode.testing.Differential("--proto-max-bulk-len", "1048576")) {
            small.check("SETRANGE", "k", "1048570", "abc");
            small.check("APPEND", "k", "abc");
            small.check("APPEND", "k", "x");
            small.check("STRLEN", "k");
            small.check("SETRANGE", "k", "1048575", "y");
            small.check("SETRANGE", "k", "1048576", "y");
        }
    }

    @Test
    void dirtyCountsMatch() {
        long redisBefore = redisDirty();
        long nodeBefore = nodeDirty();
        diff.checkAll("APPEND k a", "APPEND k b", "SETRANGE k 0 x", "SETRANGE k 5 y", "SETRANGE z 0 q");
        diff.check("SETRANGE", "k", "0", "");
        diff.check("SETRANGE", "none", "0", "");
        diff.check("APPEND", "k", "");
        assertSameDirtyDelta(redisBefore, nodeBefore);
    }
}
