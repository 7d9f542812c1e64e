package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.LoadingView;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Started on a large RDB, the server accepts connections at once and, until the dataset is in, answers
 * commands without the "loading" flag with -LOADING (PING and CLUSTER INFO included) while those with it
 * (SELECT, INFO) work, and CONFIG SET refuses the options that may not change while loading, as redis-server
 * 7.0 does (its loading slowed down with key-load-delay so that it can be seen).
 */
class StartupLoadingTest {
    private static final int KEYS = 300_000;
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";

    @Test
    void clientsGetLoadingUntilTheRdbIsLoadedThenTheData() throws Exception {
        Path rdb = populatedRdb();
        LoadingView redis;
        String redisConfigSet;
        try (RedisServerProcess server = RedisServerProcess.start("--dir", dirWith(rdb).toString(),
                "--key-load-delay", "50", "--loading-process-events-interval-bytes", "1024")) {
            redisConfigSet = configSetDeniedWhileLoading(server.host(), server.port());
            redis = LoadingView.observe(server.host(), server.port());
            LoadingView.awaitLoaded(server.host(), server.port(), 120_000);
        }
        int port = Ports.free();
        String dir = dirWith(rdb).toString();
        CompletableFuture<EmbeddedDataNode> starting =
                CompletableFuture.supplyAsync(() -> EmbeddedDataNode.startOn("127.0.0.1", port, "--dir", dir));
        Ports.awaitListening("127.0.0.1", port, 30_000);
        String nodeConfigSet = configSetDeniedWhileLoading("127.0.0.1", port);
        LoadingView node = LoadingView.observe("127.0.0.1", port);
        try (EmbeddedDataNode started = starting.get(120, TimeUnit.SECONDS)) {
            LoadingView.awaitLoaded("127.0.0.1", port, 120_000);
            try (RawConnection conn = new RawConnection("127.0.0.1", port)) {
                String info = conn.callString("INFO", "persistence");
                assertThat(info).contains("loading:0\r\n").doesNotContain("loading_start_time");
                assertThat(conn.callString("DBSIZE")).isEqualTo(":" + KEYS + "\r\n");
            }
        }

        assertThat(redis.info()).as("redis-server still loading: %s", redis).contains("loading:1\r\n");
        assertThat(redis.get()).isEqualTo(LOADING);
        assertThat(redis.ping()).isEqualTo(LOADING);
        assertThat(redis.select()).isEqualTo("+OK\r\n");
        assertThat(node.get()).as("%s", node).isEqualTo(redis.get());
        assertThat(node.ping()).isEqualTo(redis.ping());
        assertThat(node.select()).isEqualTo(redis.select());
        assertThat(redis.clusterInfo()).isEqualTo(LOADING);
        assertThat(node.clusterInfo()).isEqualTo(redis.clusterInfo());
        assertThat(redisConfigSet).isEqualTo(LOADING);
        assertThat(nodeConfigSet).isEqualTo(redisConfigSet);
        assertThat(node.info()).contains("loading:1\r\n");
        assertThat(node.loadingFields()).isEqualTo(redis.loadingFields());
        assertThat(LoadingView.field(node.info(), "loading_total_bytes")).isEqualTo(Long.toString(Files.size(rdb)));
    }

    /** CONFIG SET of an option Redis refuses to change while loading (sent before the view: still loading then). */
    private static String configSetDeniedWhileLoading(String host, int port) {
        try (RawConnection conn = new RawConnection(host, port)) {
            return conn.callString("CONFIG", "SET", "timeout", "0", "repl-diskless-load", "disabled");
        }
    }

    /** An RDB of KEYS keys written by redis-server (DEBUG POPULATE: key:N holds value:N). */
    private static Path populatedRdb() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start("--enable-debug-command", "yes");
             RawConnection conn = new RawConnection(server.host(), server.port())) {
            assertThat(conn.callString("DEBUG", "POPULATE", Integer.toString(KEYS))).isEqualTo("+OK\r\n");
            assertThat(conn.callString("SAVE")).isEqualTo("+OK\r\n");
            Path copy = Files.createTempFile("loading", ".rdb");
            Files.copy(server.dir().resolve("dump.rdb"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        }
    }

    private static Path dirWith(Path rdb) throws Exception {
        Path dir = Files.createTempDirectory("loading");
        Files.copy(rdb, dir.resolve("dump.rdb"));
        return dir;
    }
}
