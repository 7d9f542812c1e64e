package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLUSTER SETSLOT rewrites nodes.conf without waiting for fsync, as Redis does: a resharding sets every moved
 * slot several times on several nodes, and an fsync per command made it many times slower than with redis-server.
 */
class SetSlotPaceDifferentialTest {
    private static final int SLOTS = 300;

    /** Round trips of SETSLOT IMPORTING and STABLE for {@link #SLOTS} slots, towards a node the server knows. */
    private static long setSlotNanos(RawConnection c, String otherId) {
        long start = System.nanoTime();
        for (int slot = 0; slot < SLOTS; slot++) {
            assertThat(c.callString("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", otherId)).isEqualTo("+OK\r\n");
            assertThat(c.callString("CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE")).isEqualTo("+OK\r\n");
        }
        return System.nanoTime() - start;
    }

    private static String myId(RawConnection c) {
        String reply = c.callString("CLUSTER", "MYID");
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void setSlotKeepsPaceWithRedis() {
        try (Differential diff = new Differential("--cluster-enabled", "yes")) {
            RawConnection redis = diff.redisConnection();
            RawConnection node = diff.nodeConnection();
            // Each server meets the other so that SETSLOT ... IMPORTING has a known node to name.
            redis.callString("CLUSTER", "MEET", "127.0.0.1", Integer.toString(diff.node().port()));
            String nodeId = myId(node);
            String redisId = myId(redis);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(redis.callString("CLUSTER", "NODES").contains(nodeId) && node.callString("CLUSTER", "NODES").contains(redisId))) {
                assertThat(System.nanoTime()).as("the two nodes know each other").isLessThan(deadline);
                sleep();
            }
            long redisNanos = setSlotNanos(redis, nodeId);
            long nodeNanos = setSlotNanos(node, redisId);
            assertThat(nodeNanos).as("data node %d ms against redis-server %d ms", nodeNanos / 1_000_000, redisNanos / 1_000_000)
                    .isLessThan(5 * redisNanos + 2_000_000_000L);
        }
    }
}
