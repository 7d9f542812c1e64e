package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CONFIG SET maxmemory compared with redis-server 7.0: eviction starts after the command, not inside it. */
class MaxmemoryConfigDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void loweringMaxmemoryInsideATransactionLeavesItsLaterCommandsTheKeys() {
        diff.check("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        try {
            diff.checkAll("MULTI", "INCR x", "CONFIG SET maxmemory 1", "INCR x", "EXEC");
        } finally {
            diff.check("CONFIG", "SET", "maxmemory", "0");
            diff.check("CONFIG", "SET", "maxmemory-policy", "noeviction");
        }
    }
}
