package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.testing.ChangeCounts;
import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The non-blocking list commands, compared byte for byte with redis-server 7.0. */
class ListDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void pushAndLength() {
        diff.checkAll("LPUSH l a b c", "RPUSH l d e", "LLEN l", "LRANGE l 0 -1", "LPUSHX l x", "RPUSHX l y",
                "LPUSHX missing x", "RPUSHX missing x", "EXISTS missing", "LLEN missing", "LRANGE l 0 -1",
                "SET s v", "LPUSH s a", "RPUSH s a", "LPUSHX s a", "RPUSHX s a", "LLEN s", "LPUSH", "LPUSH l",
                "RPUSHX l");
    }

    @Test
    void popWithAndWithoutCount() {
        diff.checkAll("RPUSH l a b c d e f", "LPOP l", "RPOP l", "LPOP l 2", "RPOP l 1", "LPOP l 0",
                "RPOP l 10", "EXISTS l", "LPOP l", "LPOP l 3", "RPOP l 0", "RPUSH l a", "LPOP l -1", "LPOP l x",
                "LPOP l 1 2", "RPOP l 1 2", "RPOP l 99999999999999999999", "SET s v", "LPOP s", "RPOP s 2",
                "LPOP s 0", "RPOP l", "EXISTS l");
    }

    @Test
    void rangesAndIndexes() {
        diff.checkAll("RPUSH l 0 1 2 3 4 5 6 7 8 9", "LRANGE l 0 -1", "LRANGE l 2 4", "LRANGE l -3 -1",
                "LRANGE l -100 100", "LRANGE l 5 2", "LRANGE l 10 20", "LRANGE l -1 -5", "LRANGE l 0 0",
                "LRANGE l a 1", "LRANGE l 1 b", "LRANGE missing 0 -1", "LRANGE missing x y",
                "LINDEX l 0", "LINDEX l -1", "LINDEX l 10", "LINDEX l -11", "LINDEX l x", "LINDEX missing x",
                "LINDEX missing 0", "SET s v", "LRANGE s 0 -1", "LINDEX s 0", "LINDEX s x", "LRANGE s x 0",
                "LRANGE l 9223372036854775807 -9223372036854775808");
    }

    @Test
    void lsetAndLinsert() {
        diff.checkAll("RPUSH l a b c", "LSET l 0 x", "LSET l -1 z", "LSET l 3 q", "LSET l -4 q", "LSET l x q",
                "LSET missing 0 v", "LSET missing x v", "LRANGE l 0 -1",
                "LINSERT l BEFORE b new1", "LINSERT l after b new2", "LINSERT l BEFORE nope v",
                "LINSERT l middle b v", "LINSERT missing BEFORE a b", "LINSERT missing middle a b",
                "LINSERT l AFTER z tail", "LINSERT l BEFORE x head", "LRANGE l 0 -1", "SET s v",
                "LSET s 0 v", "LINSERT s BEFORE a b", "LINSERT s wrong a b");
    }

    @Test
    void lremAndLtrim() {
        diff.checkAll("RPUSH l a b a c a d a", "LREM l 2 a", "LRANGE l 0 -1", "LREM l -1 a", "LRANGE l 0 -1",
                "LREM l 0 a", "LRANGE l 0 -1", "LREM l 0 zz", "LREM l x a", "LREM missing 1 a",
                "LREM l 0 b", "LREM l 0 c", "LREM l 0 d", "EXISTS l", "SET s v", "LREM s 1 a",
                "RPUSH t 1 2 3 4 5 6 7 8", "LTRIM t 1 -2", "LRANGE t 0 -1", "LTRIM t -3 100", "LRANGE t 0 -1",
                "LTRIM t 5 1", "EXISTS t", "LTRIM missing 0 1", "LTRIM t x 1", "LTRIM s 0 1", "LTRIM s x 1",
                "RPUSH u a b c", "LTRIM u 0 0", "LRANGE u 0 -1", "LTRIM u -100 -50", "EXISTS u",
                "RPUSH v a b a c a", "LREM v -9223372036854775808 a", "LRANGE v 0 -1",
                "RPUSH w a b a", "LREM w 9223372036854775807 a", "LRANGE w 0 -1");
    }

    @Test
    void lpos() {
        diff.checkAll("RPUSH l a b c a b c a", "LPOS l a", "LPOS l c", "LPOS l zz", "LPOS l a RANK 2",
                "LPOS l a RANK -1", "LPOS l a RANK -2", "LPOS l a RANK 5", "LPOS l a RANK 0",
                "LPOS l a COUNT 0", "LPOS l a COUNT 2", "LPOS l a COUNT 2 RANK 2", "LPOS l a COUNT 0 RANK -1",
                "LPOS l a COUNT -1", "LPOS l a COUNT x", "LPOS l a MAXLEN 1", "LPOS l a MAXLEN 3 COUNT 0",
                "LPOS l c MAXLEN 2", "LPOS l a MAXLEN -1", "LPOS l a MAXLEN x", "LPOS l a RANK x",
                "LPOS l a FOO", "LPOS l a RANK", "LPOS l a COUNT 0 MAXLEN 0 RANK -3", "LPOS missing a",
                "LPOS missing a COUNT 1", "LPOS missing a RANK 0", "SET s v", "LPOS s a", "LPOS s a COUNT 1",
                "LPOS l zz COUNT 5", "LPOS l a RANK -9223372036854775807", "LPOS l a COUNT 9223372036854775807");
    }

    @Test
    void lposWithTheSmallestRankCollectsEveryMatchWhateverTheCount() {
        diff.checkAll("RPUSH l a b c a b c a", "LPOS l a RANK -9223372036854775808",
                "LPOS l a RANK -9223372036854775808 COUNT 1", "LPOS l a RANK -9223372036854775808 COUNT 2",
                "LPOS l a RANK -9223372036854775808 COUNT 0", "LPOS l a RANK -9223372036854775808 COUNT 1 MAXLEN 5",
                "LPOS l zz RANK -9223372036854775808 COUNT 1");
    }

    @Test
    void lmoveAndRpoplpush() {
        diff.checkAll("RPUSH src a b c", "LMOVE src dst LEFT RIGHT", "LMOVE src dst right left",
                "LRANGE src 0 -1", "LRANGE dst 0 -1", "LMOVE src src LEFT RIGHT", "LRANGE src 0 -1",
                "LMOVE src dst up down", "LMOVE src dst LEFT down", "LMOVE missing dst LEFT LEFT",
                "LMOVE missing dst up LEFT", "SET s v", "LMOVE src s LEFT LEFT", "LRANGE src 0 -1",
                "LMOVE s dst LEFT LEFT", "RPOPLPUSH src dst", "LRANGE dst 0 -1", "EXISTS src",
                "RPOPLPUSH missing dst", "RPOPLPUSH dst s", "RPOPLPUSH s dst", "RPUSH one x",
                "RPOPLPUSH one one", "LRANGE one 0 -1", "LMOVE one one RIGHT LEFT", "LRANGE one 0 -1");
    }

    @Test
    void lmpop() {
        diff.checkAll("RPUSH a 1 2 3", "RPUSH b 4 5 6", "LMPOP 2 a b LEFT", "LMPOP 2 missing b RIGHT COUNT 2",
                "LMPOP 1 a RIGHT COUNT 10", "EXISTS a", "LMPOP 2 missing a LEFT", "LMPOP 0 a LEFT",
                "LMPOP -1 a LEFT", "LMPOP x a LEFT", "LMPOP 2 a LEFT", "LMPOP 1 a MIDDLE", "LMPOP 1 b LEFT COUNT 0",
                "LMPOP 1 b LEFT COUNT -2", "LMPOP 1 b LEFT COUNT x", "LMPOP 1 b LEFT COUNT 1 COUNT 1",
                "LMPOP 1 b LEFT COUNT", "LMPOP 1 b LEFT FOO", "SET s v", "LMPOP 2 s b LEFT", "LMPOP 2 b s LEFT",
                "LMPOP 5 a b LEFT", "LMPOP 9223372036854775807 a LEFT", "LMPOP 1 b", "LMPOP 1");
    }

    @Test
    void everyWriteCountsItsChanges() {
        ChangeCounts.check(diff, "RPUSH l a b c d e f", "LPUSH l x y", "LPUSHX l z", "RPUSHX missing z", "LPOP l",
                "RPOP l 2", "LPOP l 0", "LSET l 0 q", "LINSERT l BEFORE q w", "LINSERT l BEFORE nope w",
                "LREM l 0 w", "LREM l 0 nope", "LTRIM l 1 -2", "LTRIM l 0 -1", "LMOVE l m LEFT RIGHT",
                "RPOPLPUSH l m", "LMPOP 2 missing l LEFT COUNT 2", "RPOP l 10", "LTRIM m 5 1", "LPOP missing");
    }

    @Test
    void binaryElementsRoundTrip() {
        byte[] weird = {0, (byte) 0xff, '\r', '\n', 'x'};
        diff.check("RPUSH".getBytes(), "bin".getBytes(), weird, new byte[0]);
        diff.check("LRANGE".getBytes(), "bin".getBytes(), "0".getBytes(), "-1".getBytes());
        diff.check("LPOS".getBytes(), "bin".getBytes(), weird);
        diff.check("LREM".getBytes(), "bin".getBytes(), "0".getBytes(), new byte[0]);
        diff.check("LPOP".getBytes(), "bin".getBytes());
    }

    @Test
    void randomOperationsOnLongLists() {
        Random rnd = new Random(7);
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String v = "v" + rnd.nextInt(20);
            int idx = rnd.nextInt(60) - 30;
            switch (rnd.nextInt(10)) {
                case 0 -> commands.add("LPUSH r " + v + " " + v + "x");
                case 1 -> commands.add("RPUSH r " + v);
                case 2 -> commands.add("LPOP r " + rnd.nextInt(3));
                case 3 -> commands.add("RPOP r");
                case 4 -> commands.add("LINSERT r " + (rnd.nextBoolean() ? "BEFORE " : "AFTER ") + v + " n" + i);
                case 5 -> commands.add("LREM r " + (rnd.nextInt(5) - 2) + " " + v);
                case 6 -> commands.add("LSET r " + idx + " s" + i);
                case 7 -> commands.add("LINDEX r " + idx);
                case 8 -> commands.add("LTRIM r " + idx + " " + (idx + rnd.nextInt(80)));
                default -> commands.add("LPOS r " + v + " RANK " + (rnd.nextBoolean() ? -1 : 2) + " COUNT 0");
            }
            commands.add("LRANGE r 0 -1");
        }
        diff.checkAll(commands.toArray(new String[0]));
    }
}
