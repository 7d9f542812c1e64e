package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.EncodingProbe;
import dev.keyslot.datanode.testing.FullScan;
import dev.keyslot.datanode.testing.UnorderedReplies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listpack to hashtable conversions at configured thresholds (4 entries, 8 bytes), compared with
 * redis-server's OBJECT ENCODING; listpack replies compare exactly, hashtable ones ignoring order.
 */
class HashEncodingDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--hash-max-listpack-entries", "4",
            "--hash-max-listpack-value", "8");

    private static void encoding(String key) {
        EncodingProbe.assertSameEncoding(diff, key);
    }

    @Test
    void tooManyEntriesConvertsForGood() {
        diff.checkAll("HSET h a 1 b 2 c 3 d 4", "HGETALL h");
        encoding("h");
        diff.checkAll("HSET h e 5");
        encoding("h");
        UnorderedReplies.check(diff, 2, "HGETALL", "h");
        diff.checkAll("HDEL h a b c d");
        encoding("h");
        diff.checkAll("HGETALL h");
    }

    @Test
    void updatingExistingFieldsDoesNotCountAsNewEntries() {
        diff.checkAll("HSET h a 1 b 2 c 3 d 4", "HSET h a 5 b 6 c 7 d 8", "HGETALL h");
        encoding("h");
    }

    @Test
    void longFieldsOrValuesConvert() {
        diff.checkAll("HSET exact a 12345678 12345678 x", "HGETALL exact");
        encoding("exact");
        diff.checkAll("HSET value a 123456789");
        encoding("value");
        diff.checkAll("HSET field 123456789 a");
        encoding("field");
        diff.checkAll("HSETNX nx a 123456789");
        encoding("nx");
        diff.checkAll("HSET nx2 a 1", "HSETNX nx2 a 123456789");
        encoding("nx2");
    }

    @Test
    void incrementsThatGrowTheValueConvert() {
        diff.checkAll("HINCRBY h a 12345678", "HGETALL h");
        encoding("h");
        diff.checkAll("HINCRBY h a 100000000");
        encoding("h");
        diff.checkAll("HINCRBYFLOAT f a 1.5", "HINCRBYFLOAT f a 0.001");
        encoding("f");
        diff.checkAll("HINCRBYFLOAT g a 0.0000001");
        encoding("g");
    }

    @Test
    void hscanOnHashtableVisitsEveryFieldExactlyOnceOverall() {
        StringBuilder cmd = new StringBuilder("HSET h");
        for (int i = 0; i < 300; i++) {
            cmd.append(" f").append(i).append(" v").append(i);
        }
        diff.checkAll(cmd.toString());
        encoding("h");
        for (String[] options : new String[][] {{}, {"COUNT", "7"}, {"MATCH", "f1*"}, {"MATCH", "*9", "COUNT", "50"},
                {"COUNT", "9223372036854775807"}, {"COUNT", "4611686018427387904"}}) {
            FullScan.assertFullScansAgree(diff, "HSCAN", "h", 2, options);
        }
    }

    @Test
    void hrandfieldOnHashtable() {
        StringBuilder cmd = new StringBuilder("HSET h");
        for (int i = 0; i < 40; i++) {
            cmd.append(" f").append(i).append(" v").append(i);
        }
        diff.checkAll(cmd.toString());
        UnorderedReplies.check(diff, 2, "HRANDFIELD", "h", "40", "WITHVALUES");
        UnorderedReplies.check(diff, 1, "HRANDFIELD", "h", "100");
    }
}
