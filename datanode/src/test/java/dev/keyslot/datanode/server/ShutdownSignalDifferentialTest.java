package dev.keyslot.datanode.server;

import dev.keyslot.datanode.DataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM and SIGINT against redis-server 7.0 and the data node, each run as a real process: a signal only
 * schedules the shutdown (the cron starts it), so SHUTDOWN ABORT can cancel it, and a second SIGINT exits at
 * once, dropping the snapshot being written.
 */
class ShutdownSignalDifferentialTest {
    private static final int LISTEN_TIMEOUT_MILLIS = 60_000;
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void shutdownAbortCancelsASignalTheCronHasNotActedOn() throws Exception {
        for (boolean reference : new boolean[] {true, false}) {
            Node node = start(reference, "abort");
            try (RawConnection conn = new RawConnection("127.0.0.1", node.port)) {
                assertThat(conn.callString("DEBUG", "PAUSE-CRON", "1")).isEqualTo("+OK\r\n");
                signal(node, "TERM");
                node.awaitLog("Received SIGTERM scheduling shutdown...");
                assertThat(conn.callString("SHUTDOWN", "ABORT")).as(node.name).isEqualTo("+OK\r\n");
                assertThat(conn.callString("DEBUG", "PAUSE-CRON", "0")).isEqualTo("+OK\r\n");
                assertThat(conn.quietFor(300)).as(node.name + " kept the connection").isTrue();
                assertThat(conn.callString("PING")).as(node.name).isEqualTo("+PONG\r\n");
                assertThat(conn.callString("SHUTDOWN", "ABORT")).as(node.name)
                        .isEqualTo("-ERR No shutdown in progress.\r\n");
            }
            assertThat(node.process.isAlive()).as(node.name).isTrue();
            assertThat(node.log()).as(node.name).contains("Shutdown manually aborted.")
                    .doesNotContain("User requested shutdown...");
        }
    }

    @Test
    void aSecondSigintExitsAtOnceAndDeletesTheUnfinishedSnapshot() throws Exception {
        for (boolean reference : new boolean[] {true, false}) {
            Node node = start(reference, "insist", "--save", "3600 1");
            try (RawConnection conn = new RawConnection("127.0.0.1", node.port)) {
                for (int i = 0; i < 20; i++) {
                    conn.call("SET", "k" + i, "v");
                }
                conn.call("CONFIG", "SET", "rdb-key-save-delay", "100000");
            }
            Path temp = node.dir.resolve("temp-" + node.process.pid() + ".rdb");
            signal(node, "INT");
            awaitCondition(() -> Files.exists(temp), node.name + " never began its final save");
            signal(node, "INT");
            assertThat(node.process.waitFor(20, TimeUnit.SECONDS)).as(node.name + " exited").isTrue();
            assertThat(node.process.exitValue()).as(node.name).isEqualTo(1);
            assertThat(temp).as(node.name).doesNotExist();
            assertThat(node.dir.resolve("dump.rdb")).as(node.name).doesNotExist();
            assertThat(node.log()).as(node.name).contains("You insist... exiting now.");
        }
    }

    private record Node(String name, Process process, int port, Path dir) {
        String log() throws IOException {
            return Files.readString(dir.resolve("out.log"), StandardCharsets.ISO_8859_1);
        }

        void awaitLog(String text) throws Exception {
            awaitCondition(() -> log().contains(text), name + " never logged " + text);
        }
    }

    private Node start(boolean reference, String name, String... extraArgs) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(name + (reference ? "-redis" : "-node")));
        int port = Ports.free();
        List<String> cmd = new ArrayList<>(reference
                ? List.of(RedisServerProcess.requireTool("redis-server"))
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), DataNode.class.getName()));
        cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", nodeDir.toString(),
                "--save", "", "--appendonly", "no", "--enable-debug-command", "yes"));
        cmd.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(cmd).directory(nodeDir.toFile()).redirectErrorStream(true)
                .redirectOutput(nodeDir.resolve("out.log").toFile()).start();
        started.add(process);
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        return new Node(reference ? "redis-server" : "data node", process, port, nodeDir);
    }

    private static void signal(Node node, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(node.process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Check check, String failure) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
