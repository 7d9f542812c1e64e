package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM and XSETID with explicit IDs, compared byte for byte. */
class StreamDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void addAndRange() {
        diff.checkAll("XADD s 1-1 a 1 b 2", "XADD s 1-2 a 3 b 4", "XADD s 2-0 c 5", "XADD s 2 d 6", "XADD s 3-* e 7",
                "XADD s 3-* e 8", "XADD s 5-5 a 1 b 2", "XLEN s", "TYPE s", "OBJECT ENCODING s",
                "XRANGE s - +", "XREVRANGE s + -", "XRANGE s 1 2", "XRANGE s (1-1 +", "XRANGE s - (3-1",
                "XREVRANGE s (5-5 (1-1", "XRANGE s - + COUNT 2", "XREVRANGE s + - COUNT 3", "XRANGE s - + COUNT 0",
                "XRANGE s - + COUNT -1", "XRANGE s 2 2", "XRANGE s 3 1", "XRANGE missing - +", "XLEN missing",
                "XADD s 1-1 x y", "XADD s 5-5 x y", "XADD s 0-0 x y", "XADD s 0 x y", "XADD new 0-* x y",
                "XADD s 5-* x y", "XADD s 4-* x y", "XADD s * x", "XADD s x y", "XADD s 1-x a b", "XADD s - a b",
                "XADD s + a b", "XRANGE s x +", "XRANGE s - x", "XRANGE s (- +", "XRANGE s - (+", "XRANGE s (+ +",
                "XRANGE s ( +", "XRANGE s - + COUNT", "XRANGE s - + FOO 1", "XRANGE s - + COUNT x",
                "XRANGE s (18446744073709551615-18446744073709551615 +", "XRANGE s - (0-0", "XRANGE s -  (0",
                "XADD s 18446744073709551615-18446744073709551615 a b", "XADD s * a b", "XADD s 18446744073709551616 a b",
                "XADD s 1-18446744073709551616 a b", "SET str v", "XADD str * a b", "XRANGE str - +", "XLEN str",
                "XADD s2 NOMKSTREAM 1-1 a b", "EXISTS s2", "XADD s2 5-18446744073709551615 a b", "XADD s2 5-* a b",
                "XADD s2 \" 7\" a b", "XADD s2 +8 a b", "XADD s2 09 a b", "XADD s2 10--3 a b", "XRANGE s2 - +");
    }

    @Test
    void integerFieldsAndValuesRoundTrip() {
        diff.checkAll("XADD s 1-1 1 2 -5 100000 9223372036854775807 -9223372036854775808",
                "XADD s 1-2 1 2 -5 100000 9223372036854775807 -9223372036854775808", "XADD s 1-3 01 +2 \"\" x",
                "XADD s 1-4 1 x", "XRANGE s - +", "XREVRANGE s + - COUNT 2");
    }

    @Test
    void deleteAndTrim() {
        for (int i = 1; i <= 30; i++) {
            diff.check("XADD", "s", i + "-0", "f", "v" + i);
        }
        diff.checkAll("XDEL s 1-0 3-0 3-0 99-0", "XDEL s", "XDEL s x", "XDEL missing 1-0", "XDEL s 2-0 - ", "XLEN s",
                "XRANGE s - + COUNT 3", "XTRIM s MAXLEN 25", "XLEN s", "XRANGE s - + COUNT 2", "XTRIM s MINID 10",
                "XRANGE s - + COUNT 2", "XTRIM s MINID = 12", "XTRIM s MAXLEN ~ 5", "XLEN s", "XTRIM s MAXLEN = 15",
                "XTRIM s MAXLEN 0", "XLEN s", "EXISTS s", "XTRIM missing MAXLEN 0", "XTRIM s", "XTRIM s FOO 1",
                "XTRIM s MAXLEN -1", "XTRIM s MAXLEN x", "XTRIM s MINID x", "XTRIM s MAXLEN 1 MINID 1",
                "XTRIM s MAXLEN 1 LIMIT 10", "XTRIM s MAXLEN ~ 1 LIMIT -1", "XTRIM s LIMIT 10",
                "XTRIM s MAXLEN ~ 1 LIMIT x", "XTRIM s MINID ~ 1 LIMIT 0", "XTRIM str MAXLEN 1", "SET str x",
                "XTRIM str MAXLEN 1", "XTRIM s MAXLEN", "XTRIM s MINID - ", "XTRIM s MINID +");
    }

    @Test
    void addWithTrimOptions() {
        for (int i = 1; i <= 250; i++) {
            diff.check("XADD", "s", "MAXLEN", "~", "120", i + "-1", "f", "v", "g", Integer.toString(i));
        }
        diff.checkAll("XLEN s", "XRANGE s - + COUNT 1", "XADD s MAXLEN 100 1795000000000-0 a b", "XLEN s",
                "XADD s MAXLEN = 50 1000-0 a b", "XLEN s", "XADD s MINID 900 1001-0 a b", "XLEN s",
                "XADD s MINID ~ 1001 LIMIT 10 1002-0 a b", "XLEN s", "XADD s MAXLEN ~ 0 LIMIT 1 1003-0 a b",
                "XLEN s", "XADD s MAXLEN 1 MINID 1 * a b", "XADD s LIMIT 5 * a b", "XADD s MAXLEN 1 LIMIT 5 * a b",
                "XADD s MAXLEN -1 * a b", "XADD s MAXLEN x * a b", "XADD s NOMKSTREAM MAXLEN 0 1004-0 a b", "XLEN s",
                "XADD s MAXLEN", "XADD s MAXLEN 1", "XADD s 2000-0 a", "XADD s 2000-0");
    }

    @Test
    void trimWithinNodesAndTombstones() {
        diff.checkAll("CONFIG SET stream-node-max-entries 5");
        for (int i = 1; i <= 23; i++) {
            diff.check("XADD", "s", i + "-1", "a", "1", "b", Integer.toString(i));
        }
        diff.checkAll("XDEL s 7-1 8-1 9-1 10-1", "XINFO STREAM s", "XTRIM s MAXLEN ~ 16", "XINFO STREAM s",
                "XTRIM s MINID ~ 13", "XINFO STREAM s", "XTRIM s MINID 14", "XINFO STREAM s",
                "XTRIM s MAXLEN ~ 2 LIMIT 5", "XINFO STREAM s", "XRANGE s - +", "XDEL s 23-1", "XINFO STREAM s",
                "XADD s 24-1 a 1 b 2", "XINFO STREAM s FULL", "CONFIG SET stream-node-max-entries 100");
    }

    @Test
    void setId() {
        diff.checkAll("XADD s 5-5 a b", "XSETID s 5-4", "XSETID s 5-5", "XSETID s 10-0", "XINFO STREAM s",
                "XSETID s 20-0 ENTRIESADDED 10 MAXDELETEDID 15-0", "XINFO STREAM s", "XSETID s 20-0 ENTRIESADDED 0",
                "XSETID s 20-0 ENTRIESADDED -1", "XSETID s 20-0 MAXDELETEDID 30-0", "XSETID s 20-0 FOO",
                "XSETID s 20-0 ENTRIESADDED", "XSETID s x", "XSETID s -", "XSETID missing 1-1", "SET str x",
                "XSETID str 1-1", "XADD s 1795000000000-0 a b", "XDEL s 5-5", "XADD e 1-1 a b", "XDEL e 1-1", "XSETID e 0-1",
                "XINFO STREAM e", "XSETID s 18446744073709551615-18446744073709551615", "XADD s * a b",
                "XADD s 18446744073709551615-* a b");
    }

    @Test
    void info() {
        diff.checkAll("XADD s 1-1 a 1", "XADD s 1-2 b 2 c 3", "XINFO STREAM s", "XINFO STREAM s FULL",
                "XINFO STREAM s FULL COUNT 1", "XINFO STREAM s FULL COUNT 0", "XINFO STREAM s FULL COUNT -5",
                "XINFO STREAM s FOO", "XINFO STREAM s FULL COUNT", "XINFO STREAM s FULL FOO 1",
                "XINFO STREAM s FULL COUNT x", "XINFO STREAM missing", "XINFO GROUPS s", "XINFO GROUPS missing",
                "XINFO CONSUMERS s g", "XINFO HELP", "XINFO HELP x", "XINFO FOO s", "XINFO", "XINFO STREAM",
                "SET str x", "XINFO STREAM str", "XDEL s 1-1 1-2", "XINFO STREAM s", "XGROUP HELP");
    }

    @Test
    void manyNodesGiveRedisRadixTreeShape() {
        diff.checkAll("CONFIG SET stream-node-max-entries 2");
        for (int i = 1; i <= 300; i++) {
            diff.check("XADD", "s", (i * 37) + "-" + (i % 3), "f", "v");
            if (i % 50 == 0) {
                diff.checkAll("XINFO STREAM s");
            }
        }
        diff.checkAll("XTRIM s MAXLEN 101", "XINFO STREAM s", "XDEL s 370-1 407-2 444-0", "XINFO STREAM s",
                "CONFIG SET stream-node-max-entries 100");
    }

    @Test
    void nodeByteLimit() {
        diff.checkAll("CONFIG SET stream-node-max-bytes 200");
        for (int i = 1; i <= 40; i++) {
            diff.check("XADD", "s", i + "-0", "field", "x".repeat(i * 3));
        }
        diff.checkAll("XINFO STREAM s", "XRANGE s 30 +", "CONFIG SET stream-node-max-bytes 0", "XADD s 41-0 a b",
                "XINFO STREAM s", "CONFIG SET stream-node-max-bytes 4096");
    }
}
