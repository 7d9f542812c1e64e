package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DEBUG AOF-FLUSH-SLEEP stalls every write of the AOF buffer, so a write's reply waits for it. */
class AofFlushSleepDifferentialTest {
    @Test
    void aWriteIsAnsweredOnlyAfterTheStall() {
        try (Differential diff = new Differential("--appendonly", "yes", "--enable-debug-command", "yes")) {
            diff.checkAll("DEBUG AOF-FLUSH-SLEEP 300000");
            for (RawConnection conn : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
                long start = System.nanoTime();
                assertThat(conn.callString("SET", "k", "v")).isEqualTo("+OK\r\n");
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
            }
            diff.checkAll("DEBUG AOF-FLUSH-SLEEP 0", "GET k", "DEBUG AOF-FLUSH-SLEEP x");
            long start = System.nanoTime();
            diff.nodeConnection().call("SET", "k", "w");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(250);
        }
    }
}
