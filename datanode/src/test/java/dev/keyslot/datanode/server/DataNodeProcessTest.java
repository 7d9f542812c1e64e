package dev.keyslot.datanode.server;

import dev.keyslot.datanode.DataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The data node as a real process: signals, SHUTDOWN, fatal startup errors and bind failures. */
class DataNodeProcessTest {
    /** How long a cold JVM may take to listen: tens of seconds on a loaded 2-core machine. */
    private static final int LISTEN_TIMEOUT_MILLIS = 60_000;
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path dir;

    /** A test that failed half-way must not leave its node running (it would hold its port and CPU). */
    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermShutsDownCleanly() throws Exception {
        int port = Ports.free();
        Process node = start("--port", Integer.toString(port), "--bind", "127.0.0.1");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        node.destroy();
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
        assertThat(output()).contains("# Received SIGTERM scheduling shutdown...").contains("User requested shutdown...")
                .contains("Redis is now ready to exit, bye bye...");
    }

    /** Redis's test suite (and people reading logs) find the mode, port and pid in the startup banner. */
    @Test
    void theStartupBannerNamesModePortAndPid() throws Exception {
        int port = Ports.free();
        Process plain = start("--port", Integer.toString(port), "--bind", "127.0.0.1");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        awaitOutput("Running mode=");
        assertThat(output()).contains("* Running mode=standalone, port=" + port + ".").doesNotContain("PID: ");
        plain.destroy();
        assertThat(plain.waitFor(20, TimeUnit.SECONDS)).isTrue();

        Process withLogo = start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--always-show-logo", "yes");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        awaitOutput(" PID: " + withLogo.pid() + "\n");
        assertThat(output()).contains("Running in standalone mode\n").contains("Port: " + port + "\n")
                .contains(" PID: " + withLogo.pid() + "\n");
    }

    /** As redis-server, which works in dir: a relative logfile is written there, not where the node was started. */
    @Test
    void aRelativeLogfileLivesInDir() throws Exception {
        Path workDir = Files.createDirectory(dir.resolve("work"));
        int port = Ports.free();
        start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", "work", "--logfile", "own.log");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        assertThat(Files.readString(workDir.resolve("own.log"))).contains("just started");
        assertThat(dir.resolve("own.log")).doesNotExist();
    }

    /**
     * Redis prints the banner once it listens; the test suite's restart_server connects as soon as it reads the
     * pid there, so a banner printed earlier gets its connection refused.
     */
    @Test
    void theStartupBannerIsPrintedOnceTheNodeListens() throws Exception {
        int port = Ports.free();
        Process node = start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--always-show-logo", "yes");
        awaitOutput(" PID: " + node.pid() + "\n");
        try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
            assertThat(conn.callString("PING")).isEqualTo("+PONG\r\n");
        }
    }

    /** A dump whose CRC-64 trailer does not match refuses to load, saying so in the lines Redis logs. */
    @Test
    void aWrongRdbChecksumStopsStartupAsOnRedis() throws Exception {
        byte[] header = "REDIS0010".getBytes(StandardCharsets.US_ASCII);
        byte[] file = Arrays.copyOf(header, header.length + 9);
        file[header.length] = (byte) 0xFF;
        System.arraycopy("foobar00".getBytes(StandardCharsets.US_ASCII), 0, file, header.length + 1, 8);
        Files.write(dir.resolve("dump.rdb"), file);
        String redis = redisOutput("--port", Integer.toString(Ports.free()), "--bind", "127.0.0.1", "--save", "");
        Process node = start("--port", Integer.toString(Ports.free()), "--bind", "127.0.0.1", "--save", "");
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isEqualTo(1);
        String checksums = "Wrong RDB checksum expected: \\([0-9a-f]+\\) but got \\(30307261626f6f66\\)\\. Aborting now\\.";
        assertThat(redis).contains("RDB CRC error").containsPattern(checksums);
        assertThat(output()).contains("RDB CRC error").containsPattern(checksums);
    }

    @Test
    void sigtermSavesWithSavePointsAndARestartLoadsTheData() throws Exception {
        int port = Ports.free();
        Process node = start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "3600 1");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
            conn.call("SET", "survivor", "yes");
        }
        node.destroy();
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(output()).contains("Saving the final RDB snapshot before exiting.").contains("DB saved on disk");
        assertThat(dir.resolve("dump.rdb")).exists();

        Process restarted = start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "");
        try {
            Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
            try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
                assertThat(conn.callString("GET", "survivor")).isEqualTo("$3\r\nyes\r\n");
            }
            assertThat(output()).contains("Done loading RDB, keys loaded: 1, keys expired: 0.")
                    .contains("DB loaded from disk: ");
        } finally {
            restarted.destroy();
            restarted.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermObeysEveryFlagOfShutdownOnSigterm() throws Exception {
        int port = Ports.free();
        Process node = start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "3600 1",
                "--shutdown-on-sigterm", "now nosave");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
            conn.call("SET", "lost", "yes");
            assertThat(conn.callString("CONFIG", "GET", "shutdown-on-sigterm"))
                    .isEqualTo("*2\r\n$19\r\nshutdown-on-sigterm\r\n$10\r\nnosave now\r\n");
        }
        node.destroy();
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(output()).contains("User requested shutdown...").doesNotContain("Saving the final RDB snapshot");
        assertThat(dir.resolve("dump.rdb")).doesNotExist();
    }

    @Test
    void shutdownCommandExitsWithoutReplying() throws Exception {
        int port = Ports.free();
        Process node = start("--port", Integer.toString(port), "--bind", "127.0.0.1");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
            conn.send("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(conn.isClosedByPeer(10_000)).isTrue();
        }
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
    }

    /** A script that wrote cannot be killed; SHUTDOWN NOSAVE (allowed while busy) still stops the server. */
    @Test
    void shutdownNosaveStopsAnUnkillableScript() throws Exception {
        int port = Ports.free();
        Process node = start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--busy-reply-threshold", "50");
        Ports.awaitListening("127.0.0.1", port, LISTEN_TIMEOUT_MILLIS);
        try (RawConnection script = new RawConnection("127.0.0.1", port)) {
            script.send(RawConnection.encode("EVAL", "redis.call('set', 'x', '1') while true do end", "0"));
            awaitBusy(port);
            try (RawConnection other = new RawConnection("127.0.0.1", port)) {
                assertThat(other.callString("SCRIPT", "KILL")).startsWith("-UNKILLABLE");
                other.send(RawConnection.encode("SHUTDOWN", "NOSAVE"));
                assertThat(other.isClosedByPeer(10_000)).isTrue();
            }
            assertThat(script.isClosedByPeer(10_000)).isTrue();
        }
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
    }

    /** Pings on fresh connections until the node answers -BUSY: a cold JVM on a loaded box may be slow to. */
    private static void awaitBusy(int port) throws InterruptedException {
        String busy = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (RawConnection probe = new RawConnection("127.0.0.1", port)) {
                if (probe.callString("PING").equals(busy)) {
                    return;
                }
            } catch (IllegalStateException slow) {
                continue;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("the node never answered -BUSY");
    }

    @Test
    void fatalConfigErrorPrintsWhatRedisPrints() throws Exception {
        Process node = start("--port", "abc");
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isEqualTo(1);
        assertThat(output()).isEqualTo(redisOutput("--port", "abc"));
    }

    @Test
    void versionAndHelp() throws Exception {
        Process version = start("--version");
        assertThat(version.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(output()).startsWith("Redis server v=7.0.15 sha=00000000:0 ").contains(" bits=64 ");
        Process help = start("-h");
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isEqualTo(1);
        assertThat(output()).startsWith("Usage: java -jar datanode.jar [/path/to/redis.conf] [options]");
    }

    @Test
    void bindFailureIsReportedLikeRedis() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String port = Integer.toString(taken.getLocalPort());
            Process node = start("--port", port, "--bind", "127.0.0.1");
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).isEqualTo(1);
            String expected = "Failed listening on port " + port + " (TCP), aborting.";
            assertThat(redisOutput("--port", port, "--bind", "127.0.0.1")).contains(expected);
            assertThat(output()).contains(expected)
                    .contains("Warning: Could not create server TCP listening socket 127.0.0.1:" + port
                            + ": bind: Address already in use");
        }
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DataNode.class.getName()));
        cmd.addAll(List.of(args));
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        started.add(process);
        return process;
    }

    /**
     * Redis exits right after logging why a file cannot be loaded; tools read the log's last line for the
     * reason (Redis's test suite does), so nothing may follow it.
     */
    @Test
    void aBadAofEndsTheLogWithRedisReason() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"),
                "*3\r\n$3\r\nset\r\n$3\r\nfoo\r\n$5\r\nhello\r\n!!!", StandardCharsets.US_ASCII);
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n",
                StandardCharsets.US_ASCII);
        String[] args = {"--port", Integer.toString(Ports.free()), "--bind", "127.0.0.1", "--appendonly", "yes"};
        String redisLast = lastLine(redisOutput(args));
        assertThat(redisLast).contains("Bad file format reading the append only file");
        Process node = start(args);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isEqualTo(1);
        assertThat(lastLine(output())).endsWith(redisLast.substring(redisLast.indexOf(" # ")));
    }

    private static String lastLine(String log) {
        String[] lines = log.strip().split("\n");
        return lines[lines.length - 1];
    }

    private void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LISTEN_TIMEOUT_MILLIS);
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node never printed " + text);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("node.log"), StandardCharsets.ISO_8859_1)
                .replaceAll("(?m)^SLF4J: .*\n", "");
    }

    private String redisOutput(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-server")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-server kept running");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
