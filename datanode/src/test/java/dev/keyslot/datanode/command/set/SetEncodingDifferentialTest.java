package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.EncodingProbe;
import dev.keyslot.datanode.testing.FullScan;
import dev.keyslot.datanode.testing.RespNode;
import dev.keyslot.datanode.testing.UnorderedReplies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intset to hashtable conversions with set-max-intset-entries 4, compared with redis-server's OBJECT
 * ENCODING, including the results of the STORE commands, SMOVE and SPOP.
 */
class SetEncodingDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--set-max-intset-entries", "4");

    private static void encoding(String key) {
        EncodingProbe.assertSameEncoding(diff, key);
    }

    @Test
    void tooManyIntegersConvertForGood() {
        diff.checkAll("SADD s 4 3 2 1", "SMEMBERS s");
        encoding("s");
        diff.checkAll("SADD s 5");
        encoding("s");
        diff.checkAll("SREM s 1 2 3 4");
        encoding("s");
        diff.checkAll("SMEMBERS s");
    }

    @Test
    void aStringMemberConverts() {
        diff.checkAll("SADD s 1 2", "SADD s x");
        encoding("s");
        diff.checkAll("SADD t x");
        encoding("t");
        diff.checkAll("SADD u 1", "SADD u 1 01");
        encoding("u");
    }

    @Test
    void storeResultsStartAsIntsets() {
        diff.checkAll("SADD a 1 2 x", "SADD b 1 2 y", "SINTERSTORE i a b", "SMEMBERS i");
        encoding("i");
        diff.checkAll("SUNIONSTORE u a b");
        encoding("u");
        diff.checkAll("SDIFFSTORE d a b");
        encoding("d");
        diff.checkAll("SADD big 1 2 3 4 5", "SUNIONSTORE u2 big", "SINTERSTORE i2 big big");
        encoding("u2");
        encoding("i2");
    }

    @Test
    void smoveCreatesTheDestinationForItsMember() {
        diff.checkAll("SADD a 1 x", "SMOVE a b 1", "SMOVE a c x");
        encoding("b");
        encoding("c");
    }

    @Test
    void spopOfMostMembersRebuildsACompactSet() {
        // Popping all but one of a hashtable: the survivor is moved into a new set created for it.
        diff.checkAll("SADD s 1 2 3 4 5 6 7 8 9 10", "SCARD s");
        encoding("s");
        RespNode expected = RespNode.parse(diff.redisConnection().call("SPOP", "s", "9"));
        RespNode actual = RespNode.parse(diff.nodeConnection().call("SPOP", "s", "9"));
        assertThat(actual.type).isEqualTo(expected.type);
        assertThat(actual.children).hasSize(9);
        diff.checkAll("SCARD s");
        encoding("s");
        diff.checkAll("SADD t 1 2 3 4 5 6");
        UnorderedReplies.check(diff, 1, "SPOP", "t", "6");
        diff.checkAll("EXISTS t", "SADD v 3 1 x", "SREM v x", "SPOP v 2", "EXISTS v");
    }

    @Test
    void sscanOnHashtableVisitsEveryMemberOnce() {
        StringBuilder cmd = new StringBuilder("SADD s");
        for (int i = 0; i < 300; i++) {
            cmd.append(" m").append(i);
        }
        diff.checkAll(cmd.toString());
        for (String[] options : new String[][] {{}, {"COUNT", "3"}, {"MATCH", "m2?"}, {"MATCH", "*7", "COUNT", "40"},
                {"COUNT", "9223372036854775807"}, {"COUNT", "4611686018427387904"}}) {
            FullScan.assertFullScansAgree(diff, "SSCAN", "s", 1, options);
        }
    }

    @Test
    void srandmemberWholeHashtable() {
        diff.checkAll("SADD s a b c d e f");
        UnorderedReplies.check(diff, 1, "SRANDMEMBER", "s", "6");
        UnorderedReplies.check(diff, 1, "SRANDMEMBER", "s", "60");
    }
}
