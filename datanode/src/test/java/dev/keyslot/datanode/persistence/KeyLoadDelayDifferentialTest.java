package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.LoadingView;
import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * key-load-delay slows every RDB load, the one at startup included (a dump.rdb, or an AOF's RDB base), against
 * redis-server 7.0: clients get -LOADING meanwhile, and lowering the delay with CONFIG SET during the load lets
 * it finish. Redis's own tests rely on it to see a server loading at startup.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KeyLoadDelayDifferentialTest {
    private static final int KEYS = 200;
    /** 200 keys of 50 ms each: a load of ten seconds unless the delay is lowered. */
    private static final String DELAY_MICROS = "50000";
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";

    @TempDir
    Path dir;

    @Test
    void startupLoadOfAnRdbIsSlowedAsInRedis() throws Exception {
        Path data = written(false);
        List<String> reference = slowedStartup(true, data, false);
        assertThat(reference).startsWith(LOADING, "loading:1");
        assertThat(slowedStartup(false, data, false)).isEqualTo(reference);
    }

    @Test
    void startupLoadOfAnAofRdbBaseIsSlowedAsInRedis() throws Exception {
        Path data = written(true);
        List<String> reference = slowedStartup(true, data, true);
        assertThat(reference).startsWith(LOADING, "loading:1");
        assertThat(slowedStartup(false, data, true)).isEqualTo(reference);
    }

    private List<String> slowedStartup(boolean reference, Path data, boolean aof) throws Exception {
        Path copy = Files.createTempDirectory(dir, "data");
        copyTree(data, copy);
        List<String> seen = new ArrayList<>();
        try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir, "--dir", copy.toString(),
                "--appendonly", aof ? "yes" : "no", "--key-load-delay", DELAY_MICROS,
                "--loading-process-events-interval-bytes", "1024");
             RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
            seen.add(conn.callString("PING"));
            seen.add("loading:" + LoadingView.field(conn.callString("INFO", "persistence"), "loading"));
            seen.add(conn.callString("CONFIG", "SET", "key-load-delay", "0"));
            LoadingView.awaitLoaded("127.0.0.1", node.port(), 60_000);
            seen.add(conn.callString("DBSIZE"));
        }
        return seen;
    }

    /** A data directory written by redis-server: dump.rdb, or an AOF directory whose base is an RDB. */
    private Path written(boolean aof) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start("--enable-debug-command", "yes",
                "--appendonly", aof ? "yes" : "no", "--aof-use-rdb-preamble", "yes");
             RawConnection conn = new RawConnection(server.host(), server.port())) {
            assertThat(conn.callString("DEBUG", "POPULATE", Integer.toString(KEYS))).isEqualTo("+OK\r\n");
            if (aof) {
                assertThat(conn.callString("BGREWRITEAOF")).startsWith("+");
                ProcessUnderTest.awaitCondition(() -> conn.callString("INFO", "persistence")
                        .contains("aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0\r\n"), "no AOF rewrite");
                ProcessUnderTest.awaitCondition(() -> LoadingView.field(conn.callString("INFO", "persistence"),
                        "aof_last_bgrewrite_status").equals("ok"), "AOF rewrite failed");
            } else {
                assertThat(conn.callString("SAVE")).isEqualTo("+OK\r\n");
            }
            Path data = Files.createTempDirectory(dir, "written");
            copyTree(server.dir(), data);
            return data;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (f.getFileName().toString().endsWith(".rdb") || f.toString().contains("appendonlydir")) {
                    Files.copy(f, target);
                }
            }
        }
    }
}
