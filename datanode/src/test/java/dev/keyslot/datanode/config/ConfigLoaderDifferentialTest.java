package dev.keyslot.datanode.config;

import dev.keyslot.datanode.testing.RedisServerProcess;
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
import static org.assertj.core.api.Assertions.fail;

/**
 * Startup configuration errors: the data node's message must be exactly what redis-server 7.0 prints on
 * stderr for the same command line (every case here makes redis-server exit at once).
 */
class ConfigLoaderDifferentialTest {
    @TempDir
    Path dir;

    @Test
    void badCommandLineOptions() {
        for (String[] args : new String[][] {
            {"--port", "abc"}, {"--foo", "bar"}, {"--port"}, {"--port", "7002", "--port"}, {"--maxmemory", "10x"},
            {"--appendonly", "maybe"}, {"--port", "70000"}, {"--port", "1", "2"}, {"--save", "900", "1", "--save", "300"},
            {"--rename-command", "x"}, {"--dir", "/nonexistent-dir"}, {"--maxmemory-policy", "bogus"},
            {"--notify-keyspace-events", "Q"}, {"--client-output-buffer-limit", "normal", "1", "2"},
            {"--hz", "x y"}, {"--loglevel", "loud"}, {"--timeout", "-1"},
            {"--latency-tracking-info-percentiles", "200"}, {"--replicaof", "host", "port"}, {"--databases", "0"},
            {"--dbfilename", "a/b"}, {"--appendfilename", "x/y"}, {"--appenddirname", "d/e"}, {"--replicaof", "no"},
            {"--user", "alice", "on", "badrule"}, {"--user", "alice", "#abc"}, {"--user", "a", "on", "--user", "a", "off"},
            {"--user", "alice", "on", "~*", "~x"}, {"--user", "alice", "&*", "&x"}, {"--user", "alice", "<nopw"},
            {"--oom-score-adj-values", "0  7"}, {"--save", "100 "}, {"--save", "100 1 x"},
            {"--client-output-buffer-limit", "pubsub 1 1 2147483648"}, {"--maxmemory", "-1"},
            {"--maxmemory-clients", "101%"}, {"--unixsocketperm", "800"}, {"--unixsocketperm", "1000"},
            {"--socket-mark-id", "-1"}, {"--proc-title-template", "{title}"}, {"--cluster-announce-hostname", "a_b"},
            {"--latency-tracking-info-percentiles", "1d"}, {"--shutdown-on-sigterm", "save nosave"},
            {"--watchdog-period", "-1"}, {"--rdb-key-save-delay", "x"},
        }) {
            assertSameError(args);
        }
    }

    @Test
    void badLineInAConfigFile() throws IOException {
        Path conf = write("redis.conf", "# a comment\n\nport 7000\n  maxmemory 1mb  \ntimeout abc\n");
        assertSameError(conf.toString());
        Path quotes = write("quotes.conf", "bind \"a\n");
        assertSameError(quotes.toString());
        Path valid = write("valid.conf", "port 7000\nsave 900 1\n");
        assertSameError(valid.toString(), "--port", "abc");
        assertSameError(valid.toString(), "--save", "900");
    }

    @Test
    void includedFileErrorsCountLinesOfTheWholeText() throws IOException {
        Path included = write("included.conf", "maxmemory 1mb\n");
        Path conf = write("main.conf", "include " + included + "\nfoo bar\n");
        assertSameError(conf.toString());
    }

    @Test
    void missingConfigFileIsALogLine() {
        String missing = dir.resolve("missing.conf").toString();
        ConfigLoader.FatalConfigError error = loadError(missing);
        assertThat(error.isLogLine()).isTrue();
        assertThat(redisOutput(missing)).endsWith("# " + error.getMessage() + "\n");
    }

    @Test
    void validOptionsLoad() throws Exception {
        Path conf = write("ok.conf", "save 900 1\nsave 300 10\nmaxmemory 2mb\nslave-read-only no\n");
        ServerConfig config = ConfigLoader.load(new String[] {conf.toString(), "--timeout", "5", "--save", "60", "100"});
        assertThat(config.get("save")).isEqualTo("900 1 300 10 60 100");
        assertThat(config.get("maxmemory")).isEqualTo("2097152");
        assertThat(config.get("replica-read-only")).isEqualTo("no");
        assertThat(config.get("timeout")).isEqualTo("5");
        assertThat(config.configFile()).isEqualTo(conf.toAbsolutePath().toString());
        assertThat(ConfigLoader.load(new String[] {"--save"}).get("save")).isEmpty();
        assertThat(ConfigLoader.load(new String[] {"--save", "--port", "7"}).get("port")).isEqualTo("7");
    }

    private void assertSameError(String... args) {
        ConfigLoader.FatalConfigError error = loadError(args);
        assertThat(error.isLogLine()).isFalse();
        assertThat(error.getMessage() + "\n").as(String.join(" ", args)).isEqualTo(redisOutput(args));
    }

    private static ConfigLoader.FatalConfigError loadError(String... args) {
        try {
            ConfigLoader.load(args);
        } catch (ConfigLoader.FatalConfigError e) {
            return e;
        }
        return fail("the data node accepted " + String.join(" ", args));
    }

    /** What redis-server prints when started with args; it must exit by itself within seconds. */
    private String redisOutput(String... args) {
        String binary = RedisServerProcess.requireTool("redis-server");
        List<String> cmd = new ArrayList<>(List.of(binary));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("redis-server did not exit for " + String.join(" ", args));
            }
            assertThat(p.exitValue()).isEqualTo(1);
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
