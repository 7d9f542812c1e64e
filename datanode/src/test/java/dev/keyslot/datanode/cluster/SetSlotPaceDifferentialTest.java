package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLUSTER SETSLOT costs about what it costs redis-server: a resharding sets every moved slot several times on
 * several nodes, one command after another. Each SETSLOT rewrites nodes.conf; describing the slots once cost
 * a walk over all 16384 slots per node (about 4 times Redis's CPU per command), and an fsync per command
 * before that. Compared as CPU time of the command thread, which the machine's load does not inflate as much
 * as wall time.
 */
class SetSlotPaceDifferentialTest {
    private static final int SLOTS = 1000;
    private static final int WARM_UP_SLOTS = 300;
    private static final int HALF = KeySlot.SLOTS / 2;

    /** MIGRATING and STABLE for the first owned slots, IMPORTING and STABLE for as many of the other's. */
    private static void setSlots(RawConnection c, String otherId, int firstOwned, int firstOther, int count) {
        for (int i = 0; i < count; i++) {
            String owned = Integer.toString(firstOwned + i);
            String other = Integer.toString(firstOther + i);
            assertThat(c.callString("CLUSTER", "SETSLOT", owned, "MIGRATING", otherId)).isEqualTo("+OK\r\n");
            assertThat(c.callString("CLUSTER", "SETSLOT", owned, "STABLE")).isEqualTo("+OK\r\n");
            assertThat(c.callString("CLUSTER", "SETSLOT", other, "IMPORTING", otherId)).isEqualTo("+OK\r\n");
            assertThat(c.callString("CLUSTER", "SETSLOT", other, "STABLE")).isEqualTo("+OK\r\n");
        }
    }

    private static String myId(RawConnection c) {
        String reply = c.callString("CLUSTER", "MYID");
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    /** User and system CPU of a process, from /proc (clock ticks of 10 ms). */
    private static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    void setSlotCostsAboutWhatItCostsRedis() throws InterruptedException, ExecutionException {
        try (Differential diff = new Differential("--cluster-enabled", "yes")) {
            RawConnection redis = diff.redisConnection();
            RawConnection node = diff.nodeConnection();
            // A two-master cluster of both servers, each serving half of the slots, as during a resharding.
            assertThat(redis.callString("CLUSTER", "ADDSLOTSRANGE", "0", Integer.toString(HALF - 1))).isEqualTo("+OK\r\n");
            assertThat(node.callString("CLUSTER", "ADDSLOTSRANGE", Integer.toString(HALF), "16383")).isEqualTo("+OK\r\n");
            redis.callString("CLUSTER", "MEET", "127.0.0.1", Integer.toString(diff.node().port()));
            String nodeId = myId(node);
            String redisId = myId(redis);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(redis.callString("CLUSTER", "NODES").contains(nodeId) && node.callString("CLUSTER", "NODES").contains(redisId))) {
                assertThat(System.nanoTime()).as("the two nodes know each other").isLessThan(deadline);
                sleep();
            }
            long commandThread = diff.node().server().eventLoop().submit(() -> Thread.currentThread().getId()).get();
            var threads = ManagementFactory.getThreadMXBean();
            setSlots(node, redisId, HALF, 0, WARM_UP_SLOTS);

            long redisStart = processCpuNanos(diff.redis().pid());
            setSlots(redis, nodeId, 0, HALF, SLOTS);
            long redisCpu = processCpuNanos(diff.redis().pid()) - redisStart;
            long nodeStart = threads.getThreadCpuTime(commandThread);
            setSlots(node, redisId, HALF + WARM_UP_SLOTS, WARM_UP_SLOTS, SLOTS);
            long nodeCpu = threads.getThreadCpuTime(commandThread) - nodeStart;

            // Measured (4000 commands, loaded 2-core machine): redis 330-530 ms, data node 230-290 ms (646 ms once,
            // beside another test JVM writing to the same disk), and 1110-1560 ms when every save walked all slots.
            assertThat(nodeCpu).as("CPU for %d SETSLOTs: data node %d ms, redis-server %d ms", 4 * SLOTS,
                    nodeCpu / 1_000_000, redisCpu / 1_000_000).isLessThan(redisCpu * 2 + 300_000_000L);
        }
    }
}
