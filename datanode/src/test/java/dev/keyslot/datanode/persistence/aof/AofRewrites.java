package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for the AOF rewrites of both servers of a differential test. */
final class AofRewrites {
    private AofRewrites() {
    }

    /** Waits (at most 30 s per server) until neither server runs or has scheduled a rewrite. */
    static void awaitIdle(Differential diff) throws InterruptedException {
        for (RawConnection conn : List.of(diff.redisConnection(), diff.nodeConnection())) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                String info = new String(conn.call("INFO", "persistence"), StandardCharsets.ISO_8859_1);
                if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                    break;
                }
                assertThat(System.currentTimeMillis()).as("rewrite still running: " + info).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
