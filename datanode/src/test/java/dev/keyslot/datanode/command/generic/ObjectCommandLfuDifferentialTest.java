package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OBJECT FREQ / IDLETIME and RESTORE FREQ under an LFU policy with maxmemory (no shared integers). */
class ObjectCommandLfuDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--maxmemory-policy", "allkeys-lfu", "--maxmemory", "100mb");

    @Test
    void newKeysStartAtTheInitialFrequency() {
        diff.checkAll("SET s hello", "OBJECT FREQ s", "OBJECT IDLETIME s", "OBJECT FREQ missing", "GET s",
                "OBJECT FREQ s", "SET i 5", "OBJECT REFCOUNT i", "OBJECT ENCODING i");
    }

    /** The first access always increments the initial counter; later ones only with falling probability. */
    @Test
    void writesCountAsAccesses() {
        diff.checkAll("SET a x", "SET a y", "OBJECT FREQ a", "SET b x", "EXPIRE b 100", "OBJECT FREQ b", "SET c x",
                "TTL c", "TYPE c", "EXISTS c", "OBJECT FREQ c", "SET d x", "COPY d e", "OBJECT FREQ d",
                "OBJECT FREQ e");
    }

    /** With lfu-log-factor 0 every access counts: a counter update of an existing key is one access, as in Redis. */
    @Test
    void aCounterUpdateIsOneAccess() {
        diff.checkAll("CONFIG SET lfu-log-factor 0");
        try {
            diff.checkAll("SET n 1000000", "INCR n", "INCRBY n 5", "DECR n", "DECRBY n 2", "OBJECT FREQ n",
                    "INCRBYFLOAT f 1.5", "INCRBYFLOAT f 1", "OBJECT FREQ f");
        } finally {
            diff.checkAll("CONFIG SET lfu-log-factor 10");
        }
    }

    @Test
    void restoreSetsTheFrequency() {
        diff.checkAll("SET s hello");
        String dump = (String) Resp.parse(diff.redisConnection().call("DUMP", "s"));
        diff.check(Latin1.args("RESTORE", "r", "0", dump, "FREQ", "100"));
        diff.checkAll("OBJECT FREQ r");
        diff.check(Latin1.args("RESTORE", "r2", "0", dump, "IDLETIME", "100"));
        diff.checkAll("OBJECT FREQ r2");
    }
}
