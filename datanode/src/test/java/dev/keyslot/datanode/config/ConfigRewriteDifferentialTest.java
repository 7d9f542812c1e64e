package dev.keyslot.datanode.config;

import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG REWRITE on the same file and the same CONFIG SETs: comments and blank lines stay in place, options
 * are replaced where they were, extra lines disappear, and new options are appended after the signature.
 * Redis appends in hash order, so the appended block is compared as a set.
 */
class ConfigRewriteDifferentialTest {
    private static final String CONFIG = """
            # Redis test config
            port 6379
            # memory
            maxmemory 100mb
            maxmemory-policy allkeys-lru
            save 900 1
            save 300 10


            slave-read-only yes
            timeout 0
            hz 10
            client-output-buffer-limit pubsub 32mb 8mb 60
            appendonly no
            notify-keyspace-events ""
            """;
    /** Lines that describe how each server process was started rather than the configuration under test. */
    private static final Set<String> PER_PROCESS = Set.of("port", "dir", "logfile", "pidfile", "daemonize");

    @TempDir
    Path redisDir;
    @TempDir
    Path nodeDir;

    @Test
    void rewriteMatchesRedis() throws Exception {
        List<List<String>> files = rewriteOnBoth(conn -> {
            assertThat(conn.callString("CONFIG", "SET", "maxmemory", "200mb", "timeout", "30",
                    "notify-keyspace-events", "KEA", "slowlog-max-len", "64", "masterauth", "pa ss", "save",
                    "100 5", "client-output-buffer-limit", "normal 1mb 2mb 3", "replica-read-only", "no",
                    "loglevel", "warning", "maxmemory-samples", "7")).isEqualTo("+OK\r\n");
            assertThat(conn.callString("CONFIG", "REWRITE")).isEqualTo("+OK\r\n");
            assertThat(conn.callString("CONFIG", "SET", "requirepass", "secret")).isEqualTo("+OK\r\n");
            assertThat(conn.callString("CONFIG", "REWRITE")).isEqualTo("+OK\r\n");
        });
        List<String> redisLines = files.get(0);
        List<String> nodeLines = files.get(1);
        int redisSignature = redisLines.indexOf(ConfigRewriter.SIGNATURE);
        int nodeSignature = nodeLines.indexOf(ConfigRewriter.SIGNATURE);
        assertThat(nodeLines.subList(0, nodeSignature + 1)).isEqualTo(redisLines.subList(0, redisSignature + 1));
        assertThat(new HashSet<>(nodeLines.subList(nodeSignature, nodeLines.size())))
                .isEqualTo(new HashSet<>(redisLines.subList(redisSignature, redisLines.size())));
        assertThat(String.join("\n", nodeLines)).contains("\nmaxmemory 200mb\n").doesNotContain("save 300 10");
    }

    /**
     * replicaof is the node's current master, not the value it was started with: CONFIG GET shows what
     * REPLICAOF set, and CONFIG REWRITE writes it, so that a restarted replica comes back as a replica (and
     * then continues its replication stream). REPLICAOF NO ONE removes it again.
     */
    @Test
    void replicaofFollowsTheReplicaofCommand() throws Exception {
        String unreachableMaster = Integer.toString(Ports.free());
        List<String> configGets = new ArrayList<>();
        List<List<String>> files = rewriteOnBoth(conn -> {
            assertThat(conn.callString("REPLICAOF", "127.0.0.1", unreachableMaster)).startsWith("+OK");
            configGets.add(conn.callString("CONFIG", "GET", "replicaof"));
            assertThat(conn.callString("CONFIG", "REWRITE")).isEqualTo("+OK\r\n");
        });
        assertThat(configGets.get(1)).isEqualTo(configGets.get(0))
                .isEqualTo("*2\r\n$9\r\nreplicaof\r\n$" + (10 + unreachableMaster.length()) + "\r\n127.0.0.1 "
                        + unreachableMaster + "\r\n");
        assertThat(files.get(1)).contains("replicaof 127.0.0.1 " + unreachableMaster);
        assertThat(files.get(0)).contains("replicaof 127.0.0.1 " + unreachableMaster);

        List<List<String>> promoted = rewriteOnBoth(conn -> {
            assertThat(conn.callString("REPLICAOF", "127.0.0.1", unreachableMaster)).startsWith("+OK");
            assertThat(conn.callString("REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
            configGets.add(conn.callString("CONFIG", "GET", "replicaof"));
            assertThat(conn.callString("CONFIG", "REWRITE")).isEqualTo("+OK\r\n");
        });
        assertThat(configGets.subList(2, 4)).containsOnly("*2\r\n$9\r\nreplicaof\r\n$0\r\n\r\n");
        assertThat(promoted.get(1)).noneMatch(line -> line.startsWith("replicaof"));
        assertThat(promoted.get(0)).noneMatch(line -> line.startsWith("replicaof"));
    }

    /**
     * DEBUG CONFIG-REWRITE-FORCE-ALL writes every option, at its default or not, Redis's hidden test options
     * (key-load-delay, watchdog-period, ...) included. metrics-port is the data node's own, and
     * lua-enable-deprecated-api comes from a security patch of Debian's redis-server, not from Redis 7.0.15.
     */
    @Test
    void debugConfigRewriteForceAllWritesEveryOption() throws Exception {
        Set<String> notShared = Set.of("metrics-port", "lua-enable-deprecated-api");
        List<List<String>> files = rewriteOnBoth(conn -> {
            assertThat(conn.callString("CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 2mb 3",
                    "dbfilename", "my dump.rdb")).isEqualTo("+OK\r\n");
            assertThat(conn.callString("DEBUG", "CONFIG-REWRITE-FORCE-ALL")).isEqualTo("+OK\r\n");
        });
        List<Set<String>> shared = new ArrayList<>();
        for (List<String> lines : files) {
            shared.add(new HashSet<>(lines.stream()
                    .filter(line -> !notShared.contains(line.split(" ")[0])).toList()));
        }
        assertThat(shared.get(1)).containsExactlyInAnyOrderElementsOf(shared.get(0)).contains("aclfile \"\"", "dbfilename \"my dump.rdb\"",
                "watchdog-period 0", "loading-process-events-interval-bytes 2097152",
                "client-output-buffer-limit replica 1mb 2mb 3", "client-output-buffer-limit normal 0 0 0");
    }

    @Test
    void debugConfigRewriteForceAllNeedsAConfigFile() {
        try (Differential diff = new Differential("--enable-debug-command", "yes")) {
            diff.checkAll("DEBUG CONFIG-REWRITE-FORCE-ALL");
        }
    }

    /** Starts redis-server and a data node on copies of CONFIG, runs session on each, returns their files. */
    private List<List<String>> rewriteOnBoth(Consumer<RawConnection> session) throws Exception {
        Path redisConf = Files.writeString(redisDir.resolve("redis.conf"), CONFIG);
        Path nodeConf = Files.writeString(nodeDir.resolve("redis.conf"), CONFIG);
        int redisPort = Ports.free();
        Process redis = new ProcessBuilder(RedisServerProcess.requireTool("redis-server"), redisConf.toString(),
                "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--daemonize", "no",
                "--enable-debug-command", "yes", "--enable-protected-configs", "yes")
                .directory(redisDir.toFile()).redirectErrorStream(true)
                .redirectOutput(redisDir.resolve("out.log").toFile()).start();
        Server node = new Server(ConfigLoader.load(new String[] {nodeConf.toString(), "--port", "0", "--bind",
                "127.0.0.1", "--enable-debug-command", "yes", "--enable-protected-configs", "yes"}), quietLog());
        try {
            node.start();
            Ports.awaitListening("127.0.0.1", redisPort, 10_000);
            for (RawConnection conn : new RawConnection[] {new RawConnection("127.0.0.1", redisPort),
                    new RawConnection("127.0.0.1", node.port())}) {
                try (conn) {
                    session.accept(conn);
                }
            }
        } finally {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
            node.stop();
        }
        return List.of(relevant(Files.readAllLines(redisConf, StandardCharsets.ISO_8859_1)),
                relevant(Files.readAllLines(nodeConf, StandardCharsets.ISO_8859_1)));
    }

    private static List<String> relevant(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            String name = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
            if (!PER_PROCESS.contains(name)) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static Log quietLog() {
        Log log = new Log();
        log.setLevel("warning");
        return log;
    }
}
