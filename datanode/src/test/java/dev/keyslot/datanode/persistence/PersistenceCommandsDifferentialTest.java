package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.DatasetDump;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SAVE, BGSAVE, LASTSAVE, DEBUG RELOAD, FLUSHALL with save points, the MISCONF refusal after a failed
 * background save and INFO persistence, compared with redis-server 7.0 (both configured with a save point
 * an hour away, so the cron never saves on its own during the test).
 */
class PersistenceCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--save", "3600 1", "--enable-debug-command", "yes",
            "--enable-protected-configs", "yes");

    @Test
    void saveAndBgsaveRepliesAndErrors() {
        diff.checkAll("SET a 1", "SAVE", "SAVE x", "BGSAVE x", "BGSAVE SCHEDULE x", "LASTSAVE x");
        for (RawConnection conn : connections()) {
            awaitNoBgsave(conn);
        }
        diff.checkAll("BGSAVE");
        for (RawConnection conn : connections()) {
            awaitNoBgsave(conn);
            assertThat(field(conn, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(field(conn, "rdb_changes_since_last_save")).isEqualTo("0");
            long lastsave = Long.parseLong(conn.callString("LASTSAVE").substring(1).trim());
            assertThat(lastsave).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        }
    }

    @Test
    void bgsaveWhileOneRunsIsRefused() {
        diff.checkAll("DEBUG POPULATE 300000");
        for (RawConnection conn : connections()) {
            conn.send(RawConnection.encode("BGSAVE"));
            conn.send(RawConnection.encode("BGSAVE"));
            conn.send(RawConnection.encode("BGSAVE", "SCHEDULE"));
            conn.send(RawConnection.encode("SAVE"));
        }
        List<String> redis = replies(diff.redisConnection(), 4);
        List<String> node = replies(diff.nodeConnection(), 4);
        assertThat(node).isEqualTo(redis).containsExactly("+Background saving started\r\n",
                "-ERR Background save already in progress\r\n", "-ERR Background save already in progress\r\n",
                "-ERR Background save already in progress\r\n");
        for (RawConnection conn : connections()) {
            awaitNoBgsave(conn);
        }
    }

    @Test
    void bgsaveInsideMultiIsScheduled() throws InterruptedException {
        long redisSaves = Long.parseLong(field(diff.redisConnection(), "rdb_saves"));
        long nodeSaves = Long.parseLong(field(diff.nodeConnection(), "rdb_saves"));
        diff.checkAll("SET a 1", "MULTI", "BGSAVE", "EXEC");
        long deadline = System.currentTimeMillis() + 10_000;
        while ((Long.parseLong(field(diff.redisConnection(), "rdb_saves")) == redisSaves
                || Long.parseLong(field(diff.nodeConnection(), "rdb_saves")) == nodeSaves)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        for (RawConnection conn : connections()) {
            awaitNoBgsave(conn);
            assertThat(field(conn, "rdb_last_bgsave_status")).isEqualTo("ok");
            assertThat(field(conn, "rdb_changes_since_last_save")).isEqualTo("0");
        }
        assertThat(Long.parseLong(field(diff.nodeConnection(), "rdb_saves"))).isEqualTo(nodeSaves + 1);
    }

    @Test
    void failedBgsaveStopsWritesUntilASaveSucceeds() throws IOException {
        Path dir = Files.createTempDirectory("misconf");
        diff.checkAll("CONFIG SET dir " + dir, "SET a 1");
        Files.delete(dir);
        diff.checkAll("BGSAVE");
        for (RawConnection conn : connections()) {
            awaitNoBgsave(conn);
            assertThat(field(conn, "rdb_last_bgsave_status")).isEqualTo("err");
        }
        diff.checkAll("SET a 2", "PING", "GET a", "INCR a", "MULTI", "SET a 5", "GET a", "EXEC",
                "CONFIG SET stop-writes-on-bgsave-error no", "SET a 3",
                "CONFIG SET stop-writes-on-bgsave-error yes", "DEL a", "SAVE", "SHUTDOWN SAVE");
        Files.createDirectory(dir);
        // redis-server works in the directory it changed to, deleted; CONFIG SET dir moves it to the new one.
        diff.checkAll("CONFIG SET dir " + dir, "BGSAVE");
        for (RawConnection conn : connections()) {
            awaitNoBgsave(conn);
        }
        diff.checkAll("SET a 4", "PING", "GET a");
    }

    @Test
    void debugReloadKeepsTheDatasetAsRedisDoes() {
        long later = System.currentTimeMillis() + 3_600_000;
        SampleDataset.populate(diff.redisConnection(), later);
        SampleDataset.populate(diff.nodeConnection(), later);
        diff.checkAll("DEBUG RELOAD", "DEBUG RELOAD foo", "SET extra 1", "DEBUG RELOAD NOSAVE", "EXISTS extra",
                "SET s:int changed", "SET extra 2", "DEBUG RELOAD NOSAVE NOFLUSH MERGE", "GET s:int", "GET extra");
        DatasetDump.assertEqual(DatasetDump.of(diff.redisConnection(), 16), DatasetDump.of(diff.nodeConnection(), 16));
    }

    @Test
    void flushallWithSavePointsSavesTheEmptyDataset() {
        diff.checkAll("SET a 1", "SET b 2", "FLUSHALL", "DEBUG RELOAD NOSAVE", "DBSIZE");
        for (RawConnection conn : connections()) {
            assertThat(field(conn, "rdb_changes_since_last_save")).isEqualTo("0");
        }
    }

    @Test
    void infoPersistenceHasRedisFieldsInRedisOrder() {
        assertThat(fieldNames(diff.nodeConnection())).isEqualTo(fieldNames(diff.redisConnection()));
    }

    private static List<String> fieldNames(RawConnection conn) {
        List<String> names = new ArrayList<>();
        for (String line : info(conn).split("\r\n")) {
            if (line.contains(":")) {
                names.add(line.substring(0, line.indexOf(':')));
            }
        }
        return names;
    }

    private static List<RawConnection> connections() {
        return List.of(diff.redisConnection(), diff.nodeConnection());
    }

    private static List<String> replies(RawConnection conn, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(conn.readReplyString());
        }
        return out;
    }

    private static String info(RawConnection conn) {
        String reply = conn.callString("INFO", "persistence");
        return reply.substring(reply.indexOf("\r\n") + 2);
    }

    static String field(RawConnection conn, String name) {
        for (String line : info(conn).split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in INFO persistence");
    }

    static void awaitNoBgsave(RawConnection conn) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!field(conn, "rdb_bgsave_in_progress").equals("0")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("BGSAVE did not finish");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
