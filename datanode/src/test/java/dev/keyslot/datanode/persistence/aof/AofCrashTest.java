package dev.keyslot.datanode.persistence.aof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety with appendfsync always: a writer pipelines SETs and INCRs and records what was
 * acknowledged; the node is killed with SIGKILL at random moments and restarted from its AOF, and every
 * acknowledged write must be there. Also the torn tail and corrupt middle cases at startup.
 */
class AofCrashTest {
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    @Test
    void killNineLosesNoAcknowledgedWrite() throws Exception {
        Random random = new Random(42);
        long acknowledged = 0;
        long counter = 0;
        String[] args = {"--appendonly", "yes", "--appendfsync", "always", "--auto-aof-rewrite-min-size", "64kb",
                "--auto-aof-rewrite-percentage", "50"};
        for (int round = 0; round < KILLS; round++) {
            DataNodeProcess node = DataNodeProcess.start(dir, "node-" + round + ".log", args);
            try (Jedis j = new Jedis("127.0.0.1", node.port, 30_000)) {
                verify(j, acknowledged, counter);
                AtomicLong acked = new AtomicLong(acknowledged);
                AtomicLong counted = new AtomicLong(counter);
                Thread writer = new Thread(() -> write(node.port, acked, counted));
                writer.start();
                long deadline = System.currentTimeMillis() + 30_000;
                while (acked.get() == acknowledged && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(200 + random.nextInt(800));
                node.kill();
                writer.join(30_000);
                assertThat(acked.get()).as("the writer made progress in round " + round).isGreaterThan(acknowledged);
                acknowledged = acked.get();
                counter = counted.get();
            }
        }
        DataNodeProcess node = DataNodeProcess.start(dir, "node-final.log", args);
        try (Jedis j = new Jedis("127.0.0.1", node.port, 30_000)) {
            verify(j, acknowledged, counter);
        } finally {
            node.kill();
        }
    }

    /** Pipelines batches of writes until the connection dies; counts only what was acknowledged. */
    private static void write(int port, AtomicLong acked, AtomicLong counter) {
        try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
            while (true) {
                long from = acked.get();
                Pipeline p = j.pipelined();
                List<Response<Long>> increments = new ArrayList<>();
                for (long i = from; i < from + 50; i++) {
                    p.set("key:" + i, "value:" + i);
                    increments.add(p.incr("counter"));
                }
                p.sync();
                acked.set(from + 50);
                counter.set(increments.get(increments.size() - 1).get());
            }
        } catch (RuntimeException connectionLost) {
            // The node was killed: the batch in flight is not acknowledged.
        }
    }

    private static void verify(Jedis j, long acknowledged, long counter) {
        if (acknowledged == 0) {
            return;
        }
        for (long i = 0; i < acknowledged; i++) {
            assertThat(j.get("key:" + i)).as("acknowledged key:" + i).isEqualTo("value:" + i);
        }
        assertThat(Long.parseLong(j.get("counter"))).isGreaterThanOrEqualTo(counter);
    }

    @Test
    void tornTailIsTruncatedAndLoggedOrRefusedWithoutAofLoadTruncated() throws Exception {
        Path aofDir = dir.resolve("appendonlydir");
        Files.createDirectories(aofDir);
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        String complete = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), complete + "*3\r\n$3\r\nSET\r\n$1\r\nb",
                StandardCharsets.ISO_8859_1);

        DataNodeProcess refused = DataNodeProcess.launch(dir, "refused.log", "--appendonly", "yes",
                "--aof-load-truncated", "no");
        assertThat(refused.awaitExit()).isEqualTo(1);
        assertThat(refused.log()).contains("Unexpected end of file reading the append only file "
                + "appendonly.aof.1.incr.aof. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof "
                + "--fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration "
                + "option to yes and restart the server.");

        DataNodeProcess node = DataNodeProcess.start(dir, "truncated.log", "--appendonly", "yes");
        try (Jedis j = new Jedis("127.0.0.1", node.port)) {
            assertThat(j.get("a")).isEqualTo("1");
            assertThat(j.exists("b")).isFalse();
        } finally {
            node.kill();
        }
        assertThat(node.log()).contains("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!")
                .contains("!!! Truncating the AOF appendonly.aof.1.incr.aof at offset " + complete.length() + " !!!")
                .contains("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled");
        assertThat(Files.readString(aofDir.resolve("appendonly.aof.1.incr.aof"))).isEqualTo(complete);
    }

    @Test
    void corruptMiddleRefusesToStartNamingFileAndOffset() throws Exception {
        Path aofDir = dir.resolve("appendonlydir");
        Files.createDirectories(aofDir);
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        String first = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n";
        String content = first + "*3\r\n$3\r\nSET\r\nXX\r\n" + first;
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), content, StandardCharsets.ISO_8859_1);
        DataNodeProcess node = DataNodeProcess.launch(dir, "corrupt.log", "--appendonly", "yes");
        assertThat(node.awaitExit()).isEqualTo(1);
        assertThat(node.log()).contains("Bad file format reading the append only file appendonly.aof.1.incr.aof "
                + "(the command at offset " + first.length() + " is malformed)");
        assertThat(Files.readString(aofDir.resolve("appendonly.aof.1.incr.aof"))).isEqualTo(content);
    }
}
