package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.LoadingView;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Started on a large AOF, the server accepts connections at once and answers -LOADING (PING included) until
 * every file is replayed, INFO persistence showing loading:1 and the loading_* fields, then serves the full
 * dataset; as redis-server 7.0 does on the same files (slowed down with key-load-delay to be seen). Both an
 * RDB base (the image is loaded in slices, its used-mem reported as loading_rdb_used_mem) and a command base
 * (the commands are replayed in slices).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AofStartupLoadingTest {
    private static final int KEYS = 300_000;
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";

    @Test
    void anRdbBaseWithAnIncrFileIsLoadedInSlicesWhileClientsGetLoading() throws Exception {
        Path aofDir = redisAofWithRdbBase();
        LoadingView redis;
        try (RedisServerProcess server = RedisServerProcess.start("--dir", dirWith(aofDir).toString(),
                "--appendonly", "yes", "--key-load-delay", "50", "--loading-process-events-interval-bytes", "1024")) {
            redis = LoadingView.observe(server.host(), server.port());
            LoadingView.awaitLoaded(server.host(), server.port(), 240_000);
        }
        LoadingView node = startAndObserve(dirWith(aofDir));

        assertThat(redis.info()).as("redis-server still loading: %s", redis).contains("loading:1\r\n");
        assertThat(redis.get()).isEqualTo(LOADING);
        assertThat(redis.ping()).isEqualTo(LOADING);
        assertThat(redis.select()).isEqualTo("+OK\r\n");
        assertThat(node.get()).as("%s", node).isEqualTo(redis.get());
        assertThat(node.ping()).isEqualTo(redis.ping());
        assertThat(node.select()).isEqualTo(redis.select());
        assertThat(node.info()).contains("loading:1\r\n");
        assertThat(node.loadingFields()).isEqualTo(redis.loadingFields());
        assertThat(LoadingView.field(node.info(), "loading_total_bytes")).isEqualTo(Long.toString(totalSize(aofDir)));
        assertThat(LoadingView.field(redis.info(), "loading_rdb_used_mem")).as("the base's used-mem").isNotEqualTo("0");
        assertThat(LoadingView.field(node.info(), "loading_rdb_used_mem"))
                .isEqualTo(LoadingView.field(redis.info(), "loading_rdb_used_mem"));
    }

    @Test
    void aCommandBaseIsReplayedInSlicesWhileClientsGetLoading() throws Exception {
        Path dir = Files.createTempDirectory("aof-loading");
        Path aofDir = Files.createDirectory(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"),
                "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        try (OutputStream out = new java.io.BufferedOutputStream(
                Files.newOutputStream(aofDir.resolve("appendonly.aof.1.base.aof")))) {
            for (int i = 0; i < KEYS; i++) {
                out.write(command("SET", "key:" + i, "value:" + i));
            }
        }
        Files.write(aofDir.resolve("appendonly.aof.1.incr.aof"), command("SET", "tail", "done"));
        LoadingView node = startAndObserve(dir);

        assertThat(node.get()).as("%s", node).isEqualTo(LOADING);
        assertThat(node.ping()).isEqualTo(LOADING);
        assertThat(node.select()).isEqualTo("+OK\r\n");
        assertThat(node.info()).contains("loading:1\r\n").contains("loading_loaded_perc:");
    }

    /** Starts a data node with appendonly on dir, observes it while it loads, then checks all was loaded. */
    private static LoadingView startAndObserve(Path dir) throws Exception {
        int port = Ports.free();
        CompletableFuture<EmbeddedDataNode> starting = CompletableFuture.supplyAsync(() ->
                EmbeddedDataNode.startOn("127.0.0.1", port, "--dir", dir.toString(), "--appendonly", "yes"));
        Ports.awaitListening("127.0.0.1", port, 60_000);
        LoadingView node = LoadingView.observe("127.0.0.1", port);
        try (EmbeddedDataNode started = starting.get(240, TimeUnit.SECONDS)) {
            LoadingView.awaitLoaded("127.0.0.1", port, 240_000);
            try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
                String info = conn.callString("INFO", "persistence");
                assertThat(info).contains("loading:0\r\n").doesNotContain("loading_start_time");
                assertThat(conn.callString("DBSIZE")).isEqualTo(":" + (KEYS + 1) + "\r\n");
                assertThat(conn.callString("GET", "tail")).isEqualTo("$4\r\ndone\r\n");
                // Writes after the load reach the AOF's incr file.
                assertThat(conn.callString("SET", "after", "load")).isEqualTo("+OK\r\n");
            }
        }
        return node;
    }

    /** redis-server's appendonlydir: an RDB base of KEYS keys (DEBUG POPULATE) and an incr file. */
    private static Path redisAofWithRdbBase() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start("--enable-debug-command", "yes",
                "--appendonly", "yes", "--appendfsync", "always");
             RawConnection conn = new RawConnection(server.host(), server.port())) {
            awaitNoRewrite(conn);
            assertThat(conn.callString("DEBUG", "POPULATE", Integer.toString(KEYS))).isEqualTo("+OK\r\n");
            assertThat(conn.callString("BGREWRITEAOF")).startsWith("+");
            awaitNoRewrite(conn);
            assertThat(conn.callString("SET", "tail", "done")).isEqualTo("+OK\r\n");
            Path copy = Files.createTempDirectory("aof-copy");
            try (Stream<Path> files = Files.list(server.dir().resolve("appendonlydir"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            return copy;
        }
    }

    private static void awaitNoRewrite(RawConnection conn) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            String info = conn.callString("INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("AOF rewrite still running").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static Path dirWith(Path aofDir) throws IOException {
        Path dir = Files.createTempDirectory("aof-loading");
        Path target = Files.createDirectory(dir.resolve("appendonlydir"));
        try (Stream<Path> files = Files.list(aofDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    /** The bytes of the files the manifest lists (what loading_total_bytes counts), the manifest left out. */
    private static long totalSize(Path aofDir) throws IOException {
        try (Stream<Path> files = Files.list(aofDir)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".manifest")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static byte[] command(String... args) {
        StringBuilder sb = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
