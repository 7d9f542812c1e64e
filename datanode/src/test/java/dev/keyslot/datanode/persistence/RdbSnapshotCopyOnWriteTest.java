package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.testing.DatasetDump;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot holds the dataset as of its start whatever the commands change meanwhile: the snapshot thread
 * is held at its first write while every kind of write path runs (overwrites, in-place changes of each type,
 * TTL changes, deletes, renames, moves, SWAPDB, FLUSHALL); the result must equal a SAVE taken at the start.
 */
class RdbSnapshotCopyOnWriteTest {
    private static final int DATABASES = 16;

    private static final String[] SETUP = {
        "SET s:plain old", "APPEND s:raw old-raw", "SET s:range abcdef", "SET n:counter 10", "SET f:float 1.5",
        "SETBIT bits 3 1", "PFADD hll a b", "HSET h f1 v1 f2 v2 n 1", "RPUSH l a b c d", "SADD st 1 2 3",
        "SADD st2 x", "ZADD z 1 a 2 b 3 c", "SET ttl:add v", "SET ttl:drop v EX 1000", "SET ttl:change v EX 1000",
        "SET del:me v", "SET unlink:me v", "SET rename:src v", "SET move:me v", "SET getdel v", "SET getex v EX 900",
        "RPUSH lmove:src 1 2 3", "SET db2:key v", "SELECT 2", "SET in:db2 v", "HSET h2 f v", "SELECT 0",
        "SET copy:src v", "SADD u1 a b", "SADD u2 c", "SET u:dest old", "SET s:same old", "SET s:same odd",
    };

    private static final String[] WRITES = {
        "SET s:plain new", "APPEND s:raw more", "SETRANGE s:range 0 XY", "INCR n:counter", "INCRBYFLOAT f:float 2",
        "SET s:same new", "SET s:same nix", "SETBIT bits 9 1", "PFADD hll c d e", "HSET h f1 changed f3 v3",
        "HINCRBY h n 5", "HDEL h f2",
        "RPUSH l e", "LPOP l", "LSET l 0 Z", "LINSERT l BEFORE c ins", "SADD st 4", "SREM st 1", "SMOVE st st2 2",
        "ZADD z 10 a 4 d", "ZINCRBY z 5 b", "ZREM z c", "ZPOPMIN z", "EXPIRE ttl:add 500", "PERSIST ttl:drop",
        "EXPIRE ttl:change 10", "DEL del:me", "UNLINK unlink:me", "RENAME rename:src rename:dst", "MOVE move:me 1",
        "GETDEL getdel", "GETEX getex PERSIST", "LMOVE lmove:src lmove:src LEFT RIGHT", "COPY copy:src copy:dst",
        "SUNIONSTORE u:dest u1 u2", "SWAPDB 0 2", "SELECT 2", "SET s:plain newer", "HSET h f1 again", "SELECT 0",
        "SET in:db2 changed-after-swap", "FLUSHDB", "FLUSHALL",
    };

    @Test
    void snapshotKeepsTheDatasetOfItsStartWhileEveryWritePathRuns() throws Exception {
        snapshotDuringWrites(SETUP, conn -> { });
    }

    /**
     * With many keys the snapshot's walk of the tables is still under way while the writes run, so deletes,
     * moves, SWAPDB and flushes meet entries it has not reached yet, half of them with a TTL that must reach
     * the snapshot as it was at the start.
     */
    @Test
    void snapshotKeepsTheDatasetWhileItsWalkIsUnderWay() throws Exception {
        snapshotDuringWrites(SETUP, conn -> {
            for (String db : new String[] {"2", "0"}) {
                run(conn, "SELECT " + db, "DEBUG POPULATE 15000 fill" + db);
                String volatileKeys = "for i = 1, 15000 do redis.call('SET', ARGV[1] .. i, i, 'PX', 3600000 + i) end";
                assertThat(conn.callString("EVAL", volatileKeys, "0", "vol" + db + ":")).isEqualTo("$-1\r\n");
            }
        });
    }

    private void snapshotDuringWrites(String[] setup, Consumer<RawConnection> moreKeys) throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--enable-debug-command", "yes");
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            run(conn, setup);
            moreKeys.accept(conn);
            Server server = node.server();
            GatedStream gated = new GatedStream();
            CompletableFuture<RdbSnapshot.Result> done = new CompletableFuture<>();
            server.eventLoop().submit(() -> {
                assertThat(server.persistence().save()).isTrue();
                RdbSnapshot.start(server, gated, server.persistence().saveInfo(false), done::complete);
            }).get(10, TimeUnit.SECONDS);
            run(conn, WRITES);
            assertThat(conn.callString("DBSIZE")).isEqualTo(":0\r\n");
            gated.open.countDown();
            RdbSnapshot.Result result = done.get(30, TimeUnit.SECONDS);
            assertThat(result.success()).as(result.error()).isTrue();
            assertThat(result.copiedBytes()).isPositive();

            Path atStart = Path.of(server.config().get("dir"), "dump.rdb");
            DatasetDump.assertEqual(loaded(Files.readAllBytes(atStart)), loaded(gated.bytes.toByteArray()));
        }
    }

    private static void run(RawConnection conn, String... commands) {
        for (String command : commands) {
            String reply = conn.callString(command.split(" "));
            assertThat(reply).as(command).doesNotStartWith("-");
        }
    }

    /** What a fresh data node holds after loading these RDB bytes. */
    private static java.util.Map<String, String> loaded(byte[] rdb) throws IOException {
        Path dir = Files.createTempDirectory("snapshot-check");
        Files.write(dir.resolve("dump.rdb"), rdb);
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--dir", dir.toString());
             RawConnection conn = new RawConnection(node.host(), node.port())) {
            java.util.Map<String, String> dataset = DatasetDump.of(conn, DATABASES);
            assertThat(dataset).isNotEmpty();
            return dataset;
        }
    }

    /** Holds the snapshot thread at its first write until opened. */
    private static final class GatedStream extends OutputStream {
        final CountDownLatch open = new CountDownLatch(1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            bytes.write(b, off, len);
        }
    }
}
