package dev.keyslot.datanode.command.string;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP. */
class BitCommandsDifferentialTest extends StringDifferentialBase {

    @Test
    void setbitGetbit() {
        diff.checkAll("GETBIT k 0", "SETBIT k 7 1", "GET k", "GETBIT k 7", "GETBIT k 6", "SETBIT k 7 0",
                "SETBIT k 7 0", "SETBIT k 100 1", "STRLEN k", "GETBIT k 100", "GETBIT k 1000000", "SET n 1",
                "GETBIT n 2", "GETBIT n 7", "SETBIT n 6 1", "GET n");
    }

    @Test
    void setbitErrors() {
        diff.checkAll("SETBIT k -1 1", "SETBIT k x 1", "SETBIT k 4294967296 1", "SETBIT k 0 2", "SETBIT k 0 -1",
                "SETBIT k 0 x", "SETBIT k 0 1.0", "SETBIT k 9223372036854775807 1", "GETBIT k -1", "GETBIT k x",
                "GETBIT k 4294967296", "GETBIT missing 4294967295", "SETBIT k 0", "GETBIT k", "SETBIT k #1 1");
    }

    @Test
    void setbitKeepsTtlAndMakesRaw() {
        diff.checkAll("SET k a EX 100", "SETBIT k 1 1", "SET r 7", "SETBIT r 3 1", "SETBIT fresh 3 1", "SET s a",
                "SETBIT s 1 1");
        assertSameTtl("k");
        assertSameRawness("r");
        assertSameRawness("fresh");
        assertSameRawness("s");
    }

    @Test
    void bitcount() {
        diff.checkAll("BITCOUNT missing", "BITCOUNT missing 0 -1 BIT", "BITCOUNT missing a b c d e", "SET k foobar",
                "BITCOUNT k", "BITCOUNT k 0 0", "BITCOUNT k 1 1", "BITCOUNT k 1 -2", "BITCOUNT k -2 -1",
                "BITCOUNT k 5 30 BIT", "BITCOUNT k 5 30 byte", "BITCOUNT k 0 -1 bit", "BITCOUNT k -5 -1 BIT",
                "BITCOUNT k 3 3 BIT", "BITCOUNT k 1 2 BIT", "BITCOUNT k 10 2", "BITCOUNT k -1 -3",
                "BITCOUNT k -1 -3 FOO", "BITCOUNT k 0 -1 FOO", "BITCOUNT k 0", "BITCOUNT k 0 1 BIT x",
                "BITCOUNT k a 1", "BITCOUNT k 0 b", "BITCOUNT k -100 100", "BITCOUNT k 100 200",
                "BITCOUNT k -9223372036854775808 9223372036854775807 BIT", "SET n 123", "BITCOUNT n");
        diff.check("SET", "e", "");
        diff.check("BITCOUNT", "e", "0", "-1");
        diff.check("BITCOUNT", "e", "0", "-1", "BIT");
    }

    @Test
    void bitpos() {
        diff.checkAll("BITPOS missing 1", "BITPOS missing 0", "BITPOS missing 0 5 10 BIT", "BITPOS missing 2",
                "BITPOS missing x", "SET k \u00ff\u00f0\u0000", "BITPOS k 0", "BITPOS k 1", "BITPOS k 1 2",
                "BITPOS k 0 1", "BITPOS k 0 1 1", "BITPOS k 1 0 0", "BITPOS k 0 0 0", "BITPOS k 1 7 15 BIT",
                "BITPOS k 0 7 15 BIT", "BITPOS k 0 0 7 BIT", "BITPOS k 1 12 23 bit", "BITPOS k 1 -1", "BITPOS k 0 -3 -1",
                "BITPOS k 1 5 2", "BITPOS k 0 2 -1 BYTE", "BITPOS k 1 0 -1 FOO", "BITPOS k 1 0 -1 BIT x",
                "BITPOS k 1 a", "BITPOS k 1 0 b", "BITPOS k 3", "BITPOS k 0 9 BIT", "BITPOS k 0 9 10 BIT",
                "BITPOS k 1 100", "BITPOS k 0 100", "BITPOS k 0 -100 -50");
        diff.check("SET", "ones", "\u00ff\u00ff\u00ff");
        diff.checkAll("BITPOS ones 0", "BITPOS ones 0 0", "BITPOS ones 0 0 -1", "BITPOS ones 0 0 23 BIT",
                "BITPOS ones 0 3 20 BIT", "BITPOS ones 1 3 20 BIT");
        diff.check("SET", "e", "");
        diff.checkAll("BITPOS e 0", "BITPOS e 1", "BITPOS e 0 0 -1");
    }

    @Test
    void bitposAndBitcountRandomRanges() {
        Random random = new Random(7);
        byte[] bytes = new byte[40];
        for (int round = 0; round < 6; round++) {
            random.nextBytes(bytes);
            if (round % 2 == 0) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (random.nextInt(4) == 0 ? bytes[i] : round == 0 ? 0 : 0xff);
                }
            }
            diff.check("SET".getBytes(), "r".getBytes(), bytes);
            for (int i = 0; i < 60; i++) {
                String start = Integer.toString(random.nextInt(700) - 350);
                String end = Integer.toString(random.nextInt(700) - 350);
                String unit = random.nextBoolean() ? "BIT" : "BYTE";
                String bit = Integer.toString(random.nextInt(2));
                diff.check("BITCOUNT", "r", start, end, unit);
                diff.check("BITPOS", "r", bit, start, end, unit);
                diff.check("BITPOS", "r", bit, start);
            }
        }
    }

    @Test
    void bitop() {
        diff.check("SET", "a", "\u00ff\u000f\u00aa");
        diff.check("SET", "b", "\u00f0\u00ff");
        diff.checkAll("BITOP AND d a b", "GET d", "BITOP OR d a b", "GET d", "BITOP XOR d a b", "GET d",
                "BITOP NOT d a", "GET d", "BITOP and d a missing", "GET d", "BITOP or d missing a", "GET d",
                "BITOP XOR d a b a", "GET d", "BITOP AND d a", "GET d", "BITOP AND d missing other", "EXISTS d",
                "BITOP NOT d missing", "EXISTS d", "SET n 12", "BITOP OR d n a", "GET d");
        diff.check("SET", "long1", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ");
        diff.check("SET", "long2", "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvutsrqponm");
        diff.checkAll("BITOP AND d long1 long2", "GET d", "BITOP OR d long1 long2 a", "GET d",
                "BITOP XOR d long1 long2", "GET d", "BITOP NOT d long2", "GET d");
    }

    @Test
    void bitopErrorsAndTtl() {
        diff.checkAll("BITOP FOO d a", "BITOP NOT d a b", "BITOP NOT d", "BITOP AND d", "BITOP", "BITOP AND",
                "SET a x", "SET d v EX 100", "BITOP NOT d a");
        assertSameTtl("d");
        assertSameRawness("d");
    }

    @Test
    void dirtyCountsMatch() {
        long redisBefore = redisDirty();
        long nodeBefore = nodeDirty();
        diff.checkAll("SETBIT k 1 1", "SETBIT k 1 1", "SETBIT k 1 0", "SETBIT k 100 0", "SETBIT k 3 0",
                "BITOP AND d k missing", "BITOP AND d missing", "BITOP AND d missing", "BITOP OR e k");
        assertSameDirtyDelta(redisBefore, nodeBefore);
    }
}
