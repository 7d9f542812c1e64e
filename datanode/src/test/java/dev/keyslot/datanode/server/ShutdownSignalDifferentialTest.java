package dev.keyslot.datanode.server;

import dev.keyslot.datanode.testing.ProcessUnderTest;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM and SIGINT against redis-server 7.0 and the data node, each run as a real process: a signal only
 * schedules the shutdown (the cron starts it), so SHUTDOWN ABORT can cancel it, and a second SIGINT exits at
 * once, dropping the snapshot being written.
 */
class ShutdownSignalDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void shutdownAbortCancelsASignalTheCronHasNotActedOn() throws Exception {
        for (boolean reference : new boolean[] {true, false}) {
            try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir);
                 RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
                assertThat(conn.callString("DEBUG", "PAUSE-CRON", "1")).isEqualTo("+OK\r\n");
                node.signal("TERM");
                node.awaitLog("Received SIGTERM scheduling shutdown...");
                assertThat(conn.callString("SHUTDOWN", "ABORT")).as(node.name()).isEqualTo("+OK\r\n");
                assertThat(conn.callString("DEBUG", "PAUSE-CRON", "0")).isEqualTo("+OK\r\n");
                assertThat(conn.quietFor(300)).as(node.name() + " kept the connection").isTrue();
                assertThat(conn.callString("PING")).as(node.name()).isEqualTo("+PONG\r\n");
                assertThat(conn.callString("SHUTDOWN", "ABORT")).as(node.name())
                        .isEqualTo("-ERR No shutdown in progress.\r\n");
                assertThat(node.process().isAlive()).as(node.name()).isTrue();
                assertThat(node.log()).as(node.name()).contains("Shutdown manually aborted.")
                        .doesNotContain("User requested shutdown...");
            }
        }
    }

    @Test
    void aSecondSigintExitsAtOnceAndDeletesTheUnfinishedSnapshot() throws Exception {
        for (boolean reference : new boolean[] {true, false}) {
            try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir, "--save", "3600 1")) {
                try (RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
                    node.awaitServing(conn);
                    for (int i = 0; i < 20; i++) {
                        assertThat(conn.callString("SET", "k" + i, "v")).isEqualTo("+OK\r\n");
                    }
                    assertThat(conn.callString("CONFIG", "SET", "rdb-key-save-delay", "100000")).isEqualTo("+OK\r\n");
                }
                Path temp = node.dir().resolve("temp-" + node.process().pid() + ".rdb");
                node.signal("INT");
                ProcessUnderTest.awaitCondition(() -> Files.exists(temp), node.name() + " never began its final save");
                node.signal("INT");
                assertThat(node.process().waitFor(20, TimeUnit.SECONDS)).as(node.name() + " exited").isTrue();
                assertThat(node.process().exitValue()).as(node.name()).isEqualTo(1);
                assertThat(temp).as(node.name()).doesNotExist();
                assertThat(node.dir().resolve("dump.rdb")).as(node.name()).doesNotExist();
                assertThat(node.log()).as(node.name()).contains("You insist... exiting now.");
            }
        }
    }

    @Test
    void aNodeStartedWithSigintIgnoredSaysSoAndStillStopsOnSigterm() throws Exception {
        try (ProcessUnderTest node = ProcessUnderTest.startDataNodeIgnoringSigint(dir)) {
            node.awaitLog("SIGINT was ignored when this process started");
            node.signal("INT");
            assertThat(node.process().waitFor(500, TimeUnit.MILLISECONDS)).as("exited on SIGINT").isFalse();
            node.signal("TERM");
            assertThat(node.process().waitFor(20, TimeUnit.SECONDS)).as("exited on SIGTERM").isTrue();
            assertThat(node.log()).doesNotContain("SIGTERM was ignored");
        }
    }

    /**
     * Loading 300000 keys takes seconds (redis-server slowed down to 50 us a key); SIGTERM meanwhile exits at
     * once and saves nothing.
     */
    @Test
    void sigtermWhileLoadingExitsWithoutSaving() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ProcessUnderTest maker = ProcessUnderTest.start(true, dir);
             RawConnection conn = new RawConnection("127.0.0.1", maker.port())) {
            assertThat(conn.callString("DEBUG", "POPULATE", "300000")).isEqualTo("+OK\r\n");
            assertThat(conn.callString("SAVE")).isEqualTo("+OK\r\n");
            Files.copy(maker.dir().resolve("dump.rdb"), data.resolve("dump.rdb"));
        }
        byte[] dump = Files.readAllBytes(data.resolve("dump.rdb"));
        for (boolean reference : new boolean[] {true, false}) {
            Path own = Files.createDirectories(dir.resolve(reference ? "loading-redis" : "loading-node"));
            Files.write(own.resolve("dump.rdb"), dump);
            try (ProcessUnderTest node = ProcessUnderTest.start(reference, dir, "--dir", own.toString(),
                    "--key-load-delay", "50", "--loading-process-events-interval-bytes", "1024", "--save", "3600 1");
                 RawConnection conn = new RawConnection("127.0.0.1", node.port())) {
                assertThat(conn.callString("PING")).as(node.name()).startsWith("-LOADING");
                node.signal("TERM");
                assertThat(node.process().waitFor(3, TimeUnit.SECONDS)).as(node.name() + " exited").isTrue();
                assertThat(node.process().exitValue()).as(node.name()).isZero();
                assertThat(Files.readAllBytes(own.resolve("dump.rdb"))).as(node.name()).isEqualTo(dump);
                assertThat(node.log()).as(node.name())
                        .contains("Received shutdown signal during loading, scheduling shutdown.")
                        .doesNotContain("Saving the final RDB snapshot");
            }
        }
    }
}
