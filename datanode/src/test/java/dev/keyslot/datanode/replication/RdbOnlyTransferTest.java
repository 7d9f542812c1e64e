package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replication requests redis-cli makes without being a replica: --rdb (REPLCONF rdb-only: the snapshot, then
 * the connection closes), --functions-rdb (REPLCONF rdb-filter-only functions: the libraries without keys) and
 * --replica (an RDB with neither, then the command stream). Each file is checked by loading it into redis-server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RdbOnlyTransferTest {
    private static final String LIBRARY = "#!lua name=tools\nredis.register_function('tools_one', function() return 1 end)";

    @Test
    void rdbAndFunctionsRdbLoadIntoRedis() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0");
             RawConnection n = new RawConnection(node.host(), node.port())) {
            for (int i = 0; i < 500; i++) {
                n.callString("SET", "key:" + i, "value:" + i);
            }
            assertThat(n.callString("FUNCTION", "LOAD", LIBRARY)).isEqualTo("$5\r\ntools\r\n");
            Path dir = Files.createTempDirectory("rdb-only");

            Path functionsOnly = dir.resolve("functions.rdb");
            String out = run(cli, "-h", node.host(), "-p", Integer.toString(node.port()), "--functions-rdb",
                    functionsOnly.toString());
            assertThat(out).contains("Transfer finished with success");
            assertLoadsAs(functionsOnly, "0");

            Path whole = dir.resolve("whole.rdb");
            out = run(cli, "-h", node.host(), "-p", Integer.toString(node.port()), "--rdb", whole.toString());
            assertThat(out).contains("Transfer finished with success");
            assertLoadsAs(whole, "500");

            // The rdb-only clients are gone once their snapshot was sent, and were never fed the stream.
            assertThat(n.callString("SET", "after", "1")).isEqualTo("+OK\r\n");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!n.callString("INFO", "replication").contains("connected_slaves:0")) {
                assertThat(System.currentTimeMillis()).as("rdb-only clients still attached").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void replicaModeSkipsTheDataAndLogsTheStream() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0");
             RawConnection n = new RawConnection(node.host(), node.port())) {
            for (int i = 0; i < 2000; i++) {
                n.callString("SET", "key:" + i, "x".repeat(100));
            }
            Path log = Files.createTempFile("replica-mode", ".log");
            Process p = new ProcessBuilder("stdbuf", "-oL", cli, "-h", node.host(), "-p", Integer.toString(node.port()),
                    "--replica").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitContains(log, "Logging commands from master", 20_000);
                n.callString("SET", "written", "later");
                awaitContains(log, "\"SET\",\"written\",\"later\"", 10_000);
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                // An RDB with neither keys nor functions: a couple hundred bytes, not the 2000 keys.
                int size = Integer.parseInt(text.replaceAll("(?s).*SYNC done after (\\d+) bytes.*", "$1"));
                assertThat(size).isLessThan(1000);
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void replconfFilterErrorsMatchRedis() {
        try (Differential diff = new Differential()) {
            diff.check("REPLCONF", "rdb-only", "2");
            diff.check("REPLCONF", "rdb-only", "-1");
            diff.check("REPLCONF", "rdb-only", "yes");
            diff.check("REPLCONF", "rdb-only", "1");
            diff.check("REPLCONF", "rdb-filter-only", "keys");
            diff.check("REPLCONF", "rdb-filter-only", "functions \"unbalanced");
            diff.check("REPLCONF", "rdb-filter-only", "functions FUNCTIONS");
            diff.check("REPLCONF", "rdb-filter-only", "");
            // Without capa eof a filtered snapshot cannot be sent (it is never written to a file).
            diff.check("SYNC");
        }
    }

    private static void assertLoadsAs(Path rdb, String keys) throws IOException {
        Path dir = Files.createTempDirectory("rdb-load");
        Files.copy(rdb, dir.resolve("dump.rdb"));
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString());
             RawConnection r = new RawConnection(redis.host(), redis.port())) {
            assertThat(r.callString("DBSIZE")).isEqualTo(":" + keys + "\r\n");
            assertThat(r.callString("FCALL", "tools_one", "0")).isEqualTo(":1\r\n");
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return ToolRun.succeeding(List.of(command), 30);
    }

    private static void awaitContains(Path file, String text, long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!Files.readString(file, StandardCharsets.ISO_8859_1).contains(text)) {
            assertThat(System.currentTimeMillis()).as("waiting for \"%s\" in %s", text, Files.readString(file))
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
