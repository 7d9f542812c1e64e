package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RespParser;
import dev.keyslot.datanode.testing.UnorderedReplies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG SET values at the edges of how Redis 7.0 reads them (C strings, memtoull, strtoll, unsigned bounds),
 * each set and read back on redis-server and on the data node; the cases ConfigFuzzDifferentialTest found.
 */
class ConfigValueSyntaxDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset();

    @BeforeEach
    void reset() {
        diff.reconnect();
    }

    /** Sets each value, compares the reply and the value read back, then restores the option. */
    private static void setAndGet(String option, String restore, String... values) {
        for (String value : values) {
            diff.check("CONFIG", "SET", option, value);
            diff.check("CONFIG", "GET", option);
        }
        diff.check("CONFIG", "SET", option, restore);
    }

    @Test
    void memoryValuesSaturateWrapAndMeetUnsignedBounds() {
        setAndGet("maxmemory", "0", "18446744073709551615", "99999999999999999999999", "20000000000gb",
                "18446744073709551616kb", "1" + "0".repeat(127), "1" + "0".repeat(128));
        setAndGet("client-query-buffer-limit", "1gb", "20000000000gb", "9223372036854775808", "18446744073709551615");
        setAndGet("hash-max-listpack-value", "64", "18446744073709551615", "9223372036854775807",
                "9223372036854775807gb", "-1");
        setAndGet("proto-max-bulk-len", "512mb", "18446744073709551615", "9223372036854775808");
        setAndGet("slowlog-max-len", "128", "-1", "18446744073709551615", "9223372036854775807");
    }

    @Test
    void infoShowsMaxmemoryAsRedisPrintsIt() {
        for (String value : new String[] {"18446744073709551615", "9223372036854775808", "1152921504606846976",
                "1152921504606846975", "1gb", "0"}) {
            diff.check("CONFIG", "SET", "maxmemory", value);
            assertThat(maxmemoryLines(diff.nodeConnection().call("INFO", "memory"))).as(value)
                    .isEqualTo(maxmemoryLines(diff.redisConnection().call("INFO", "memory")));
        }
    }

    private static List<String> maxmemoryLines(byte[] info) {
        return Arrays.stream(((String) RespParser.parse(info)).split("\r\n"))
                .filter(line -> line.startsWith("maxmemory:") || line.startsWith("maxmemory_human:")).toList();
    }

    @Test
    void maxmemoryClientsTakesBytesOrPercentagesAsRedisStoresThem() {
        setAndGet("maxmemory-clients", "0", "18446744073709551615", "18446744073709551516", "9223372036854775808",
                "5%", "100%", "101%", "-1%", "0%", "5.5%", "%", "1gb", "5%\0");
    }

    @Test
    void valuesEndAtANulExceptPasswords() {
        setAndGet("replica-read-only", "yes", "no\0", "yes\0x");
        setAndGet("maxmemory-policy", "noeviction", "allkeys-lru\0x");
        setAndGet("notify-keyspace-events", "", "KEA\0x", "\0");
        setAndGet("cluster-announce-ip", "", "10.0.0.1\0junk");
        setAndGet("shutdown-on-sigterm", "default", "now\0x force");
        setAndGet("client-output-buffer-limit", "pubsub 32mb 8mb 60", "pubsub\0x 1mb 1mb 0");
        setAndGet("requirepass", "", "a\0b");
    }

    @Test
    void wordsAreReadWithStrtoll() {
        setAndGet("save", "", "100 ", "\t5 4294967297", "+5 -0", "100 x", "9223372036854775808 1", "0 1");
        setAndGet("oom-score-adj-values", "0 200 800", "0  7", " -2000 +5 1", "1 2 4294967297", "1 2");
        setAndGet("client-output-buffer-limit", "slave 256mb 64mb 60", "slave 1mb 1mb 4294967297",
                "slave 18446744073709551615 1mb 0", "pubsub 1 1 2147483648", "slave 1mb 1mb ", "slave 1mb 1mb  3");
        setAndGet("latency-tracking-info-percentiles", "50 99 99.9", "-0 1e2", "inf", "1e-400", "1d", " 50",
                "50 ", "0x1p4", "nan");
    }

    @Test
    void immutableSynonymAndValidatedOptions() {
        diff.checkAll("CONFIG SET socket-mark-id 1", "CONFIG SET socket-mark-id 0 timeout 0");
        setAndGet("oom-score-adj", "no", "relative", "RELATIVE", "yes", "absolute");
        setAndGet("proc-title-template", "{title} {listen-addr} {server-mode}", "{title}", "{unknown}", "{title",
                "{{title}", "x{server-mode}y", "{port}", "{server-mode}", " {title} ", "{config-file}", "{");
        setAndGet("cluster-announce-hostname", "", "host.example", "bad_host", "x".repeat(255), "x".repeat(256),
                "h\0_");
    }

    @Test
    void startupValuesReadBackAsInRedis() {
        try (Differential started = new Differential("--unixsocketperm", "0700", "--maxmemory-clients", "10%",
                "--maxmemory", "18446744073709551615", "--client-output-buffer-limit", "pubsub 1 1 4294967297",
                "--oom-score-adj-values", "0 +7 -0", "--latency-tracking-info-percentiles", "-0 1e2",
                "--hash-max-listpack-value", "20000000000gb", "--shutdown-on-sigint", "force  now",
                "--rdb-key-save-delay", "-5", "--proc-title-template", "{{title} {port}")) {
            for (String option : new String[] {"unixsocketperm", "maxmemory-clients", "maxmemory",
                    "client-output-buffer-limit", "oom-score-adj-values", "latency-tracking-info-percentiles",
                    "hash-max-listpack-value", "shutdown-on-sigint", "rdb-key-save-delay", "proc-title-template"}) {
                started.check("CONFIG", "GET", option);
            }
        }
    }

    @Test
    void getPatternsEndAtANul() {
        // Not an exact name with a NUL inside: whether Redis finds it depends on its random hash seed.
        for (String pattern : new String[] {"max*\0junk", "\0*", "hz*\0", "*-max-*\0x*"}) {
            // Several matches come in Redis's hash order.
            UnorderedReplies.check(diff, 2, "CONFIG", "GET", pattern);
        }
    }

    @Test
    void anOptionAndItsAliasAreSetInOrder() {
        diff.checkAll("CONFIG SET hash-max-ziplist-value x hash-max-listpack-value 1",
                "CONFIG SET hash-max-ziplist-value 1 hash-max-listpack-value x", "CONFIG GET hash-max-listpack-value",
                "CONFIG SET slave-read-only no replica-read-only yes", "CONFIG GET replica-read-only",
                "CONFIG SET replica-read-only no slave-read-only yes", "CONFIG GET replica-read-only",
                "CONFIG SET replica-read-only no slave-read-only yes REPLICA-READ-ONLY no",
                "CONFIG GET replica-read-only", "CONFIG SET replica-read-only yes");
    }

    @Test
    void hiddenTestHooksAreSetAndReadOnlyByTheirExactName() {
        for (String option : new String[] {"rdb-key-save-delay", "key-load-delay", "watchdog-period",
                "use-exit-on-panic", "loading-process-events-interval-bytes"}) {
            diff.checkAll("CONFIG GET " + option, "CONFIG GET " + option.toUpperCase(), "CONFIG GET " + option + "*");
        }
        setAndGet("rdb-key-save-delay", "0", "100", "-2147483648", "2147483648");
        setAndGet("loading-process-events-interval-bytes", "2097152", "1023", "1024", "1kb");
        setAndGet("use-exit-on-panic", "no", "yes", "maybe");
        setAndGet("watchdog-period", "0", "1", "199", "200", "1000", "0");
        diff.check("CONFIG", "SET", "hz", "100");
        setAndGet("watchdog-period", "0", "1", "20", "21");
        diff.check("CONFIG", "SET", "hz", "10");
        assertThat(RespParser.asMap(diff.nodeConnection().call("CONFIG", "GET", "*"))).doesNotContainKeys(
                "rdb-key-save-delay", "key-load-delay", "watchdog-period", "use-exit-on-panic",
                "loading-process-events-interval-bytes");
    }
}
