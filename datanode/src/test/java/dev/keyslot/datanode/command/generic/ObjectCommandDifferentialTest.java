package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OBJECT ENCODING REFCOUNT IDLETIME FREQ HELP against redis-server 7.0. IDLETIME is checked on non-integer
 * values only: Redis shares small integer objects, whose access time is that of every key holding them.
 */
class ObjectCommandDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void stringEncodings() {
        diff.checkAll("SET i 12345", "OBJECT ENCODING i", "SET n -9223372036854775808", "OBJECT ENCODING n",
                "SET big 9223372036854775808", "OBJECT ENCODING big", "SET lead 0123", "OBJECT ENCODING lead",
                "SET plus +1", "OBJECT ENCODING plus", "SET zero 0", "OBJECT ENCODING zero", "SET negzero -0",
                "OBJECT ENCODING negzero", "SET f 1.5", "OBJECT ENCODING f", "SET s hello", "OBJECT ENCODING s",
                "SET e44 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "OBJECT ENCODING e44",
                "SET r45 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "OBJECT ENCODING r45",
                "SET twenty 12345678901234567890", "OBJECT ENCODING twenty", "OBJECT ENCODING missing",
                "OBJECT encoding i");
        diff.check("SET", "empty", "");
        diff.check("OBJECT", "ENCODING", "empty");
        diff.check("SET", "space", " 1");
        diff.check("OBJECT", "ENCODING", "space");
    }

    @Test
    void refcounts() {
        diff.checkAll("SET shared 9999", "OBJECT REFCOUNT shared", "SET notshared 10000", "OBJECT REFCOUNT notshared",
                "SET neg -1", "OBJECT REFCOUNT neg", "SET s hello", "OBJECT REFCOUNT s", "SET z 0", "OBJECT REFCOUNT z",
                "OBJECT REFCOUNT missing", "RENAME shared moved", "OBJECT REFCOUNT moved");
    }

    @Test
    void idletimeOfFreshAndRestoredKeys() {
        diff.checkAll("SET s hello", "OBJECT IDLETIME s", "OBJECT IDLETIME missing", "GET s", "OBJECT IDLETIME s");
        String dump = (String) Resp.parse(diff.redisConnection().call("DUMP", "s"));
        diff.check(Latin1.args("RESTORE", "r", "0", dump, "IDLETIME", "1000"));
        assertIdleClose("r", 1000);
        diff.checkAll("TYPE r", "EXISTS r", "TTL r", "OBJECT ENCODING r");
        assertIdleClose("r", 1000);
        diff.checkAll("TOUCH r", "OBJECT IDLETIME r");
        diff.check(Latin1.args("RESTORE", "r2", "0", dump, "IDLETIME", "1000"));
        diff.check(Latin1.args("RESTORE", "r5", "0", dump, "IDLETIME", "1000"));
        diff.checkAll("RENAME r5 r6");
        assertIdleClose("r6", 0);
        diff.checkAll("COPY r2 r3", "OBJECT IDLETIME r3", "OBJECT IDLETIME r2", "RENAME r2 r4");
        assertIdleClose("r4", 0);
        diff.checkAll("GET r4", "OBJECT IDLETIME r4");
        diff.check(Latin1.args("RESTORE", "r", "0", dump, "IDLETIME", "10000000", "REPLACE"));
        assertIdleClose("r", 10000000);
        // Beyond the 24-bit LRU clock the idle time wraps around; Redis's arithmetic must be followed.
        diff.check(Latin1.args("RESTORE", "r", "0", dump, "IDLETIME", "20000000", "REPLACE"));
        assertIdleClose("r", -1);
    }

    /** Compares within a second of each other, and with the expected value unless it is -1. */
    private static void assertIdleClose(String key, long expected) {
        long redis = (Long) Resp.parse(diff.redisConnection().call("OBJECT", "IDLETIME", key));
        long node = (Long) Resp.parse(diff.nodeConnection().call("OBJECT", "IDLETIME", key));
        if (expected >= 0) {
            assertThat(redis).isBetween(expected, expected + 2);
        }
        assertThat(node).isBetween(redis - 1, redis + 1);
    }

    @Test
    void freqNeedsAnLfuPolicy() {
        diff.checkAll("SET s hello", "OBJECT FREQ s", "OBJECT FREQ missing");
    }

    @Test
    void helpAndSubcommandErrors() {
        diff.checkAll("OBJECT HELP", "object help", "OBJECT", "OBJECT FOO", "OBJECT FOO bar", "OBJECT ENCODING",
                "OBJECT ENCODING a b", "OBJECT HELP extra", "OBJECT REFCOUNT", "OBJECT IDLETIME", "OBJECT FREQ");
    }

    @Test
    void objectCountsHitsButDoesNotTouch() {
        diff.checkAll("SET s hello");
        Counters redisBefore = Counters.ofRedis(diff);
        Counters nodeBefore = Counters.ofNode(diff);
        diff.checkAll("OBJECT ENCODING s", "OBJECT REFCOUNT missing", "OBJECT IDLETIME s", "OBJECT HELP");
        assertThat(Counters.ofNode(diff).minus(nodeBefore)).isEqualTo(Counters.ofRedis(diff).minus(redisBefore));
    }
}
