package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SLOWLOG and LATENCY compared with redis-server 7.0: entry contents, trimming, redaction, limits, errors. */
class SlowlogLatencyDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass("--enable-debug-command", "yes");

    @BeforeEach
    void reset() {
        diff.checkAll("CONFIG SET slowlog-log-slower-than 10000", "CONFIG SET slowlog-max-len 128", "SLOWLOG RESET",
                "CONFIG SET latency-monitor-threshold 0", "LATENCY RESET");
    }

    @Test
    void slowlogRecordsTrimmedAndRedactedArguments() {
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET", "CLIENT SETNAME logger", "SET k v",
                "AUTH wrong", "AUTH user wrong", "CONFIG SET masterauth secret",
                "CONFIG SET masteruser someone timeout 0");
        // HELLO's reply holds the connection id, so it is sent to both without comparing.
        diff.redisConnection().call("HELLO", "2", "AUTH", "default", "wrong");
        diff.nodeConnection().call("HELLO", "2", "AUTH", "default", "wrong");
        diff.check("ECHO", "x".repeat(200));
        List<String> del = new ArrayList<>(List.of("DEL"));
        for (int i = 0; i < 40; i++) {
            del.add("key" + i);
        }
        diff.check(del.toArray(new String[0]));
        diff.checkAll("SLOWLOG LEN");
        assertThat(entries(diff.nodeConnection())).isEqualTo(entries(diff.redisConnection()));
        diff.checkAll("SLOWLOG LEN", "SLOWLOG RESET", "SLOWLOG LEN");
    }

    @Test
    void slowlogLimitsAndThresholds() {
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "CONFIG SET slowlog-max-len 3", "PING", "PING a", "ECHO b",
                "ECHO c", "SLOWLOG LEN", "CONFIG SET slowlog-log-slower-than -1", "SLOWLOG RESET", "PING", "SLOWLOG LEN",
                "CONFIG SET slowlog-log-slower-than 10000000", "PING", "SLOWLOG LEN", "SLOWLOG GET");
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET", "PING", "PING", "PING");
        assertThat(entries(diff.nodeConnection(), "2")).isEqualTo(entries(diff.redisConnection(), "2"));
        assertThat(entries(diff.nodeConnection(), "0")).isEmpty();
    }

    @Test
    void slowlogEntryShape() {
        diff.checkAll("CONFIG SET slowlog-log-slower-than 0", "SLOWLOG RESET", "SET k v");
        List<?> entry = (List<?>) ((List<?>) RespParser.parse(diff.nodeConnection().call("SLOWLOG", "GET", "1"))).get(0);
        assertThat(entry).hasSize(6);
        assertThat((Long) entry.get(0)).isGreaterThanOrEqualTo(0);
        assertThat((Long) entry.get(1)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat((Long) entry.get(2)).isGreaterThanOrEqualTo(0);
        assertThat((String) entry.get(4)).startsWith("127.0.0.1:");
    }

    @Test
    void slowlogErrorsAndHelp() {
        diff.checkAll("SLOWLOG GET x", "SLOWLOG GET -2", "SLOWLOG GET 1 2", "SLOWLOG LEN x", "SLOWLOG RESET x",
                "SLOWLOG HELP", "slowlog help", "SLOWLOG FOO", "SLOWLOG", "SLOWLOG GET -1");
    }

    @Test
    void latencyMonitorRecordsSlowCommands() {
        diff.checkAll("LATENCY LATEST", "LATENCY HISTORY command", "LATENCY DOCTOR");
        RawConnection[] both = {diff.redisConnection(), diff.nodeConnection()};
        // On a loaded machine any command may stall past the threshold and add a spike of its own; the
        // comparison needs the DEBUG SLEEP to be the only one, so a run with an extra spike is repeated.
        for (int attempt = 1; ; attempt++) {
            diff.checkAll("CONFIG SET latency-monitor-threshold 0", "LATENCY RESET",
                    "CONFIG SET latency-monitor-threshold 40", "DEBUG SLEEP 0.05");
            boolean onlyTheSleep = true;
            for (RawConnection conn : both) {
                onlyTheSleep &= ((List<?>) RespParser.parse(conn.call("LATENCY", "HISTORY", "command"))).size() == 1;
            }
            if (onlyTheSleep || attempt == 5) {
                break;
            }
        }
        for (RawConnection conn : both) {
            List<?> latest = (List<?>) RespParser.parse(conn.call("LATENCY", "LATEST"));
            assertThat(latest).hasSize(1);
            List<?> event = (List<?>) latest.get(0);
            assertThat(event.get(0)).isEqualTo("command");
            assertThat((Long) event.get(2)).isGreaterThanOrEqualTo(50);
            assertThat((Long) event.get(3)).isEqualTo(event.get(2));
            List<?> history = (List<?>) RespParser.parse(conn.call("LATENCY", "HISTORY", "command"));
            assertThat(history).hasSize(1);
            assertThat((String) RespParser.parse(conn.call("LATENCY", "DOCTOR")))
                    .startsWith("Dave, I have observed latency spikes in this Redis instance.");
        }
        String redisGraph = (String) RespParser.parse(diff.redisConnection().call("LATENCY", "GRAPH", "command"));
        String nodeGraph = (String) RespParser.parse(diff.nodeConnection().call("LATENCY", "GRAPH", "command"));
        assertThat(withoutMillis(nodeGraph)).isEqualTo(withoutMillis(redisGraph));
        diff.checkAll("LATENCY GRAPH nosuch", "LATENCY GRAPH", "LATENCY HISTORY nosuch", "LATENCY RESET nosuch command",
                "CONFIG SET latency-monitor-threshold 0", "LATENCY RESET", "LATENCY LATEST");
    }

    @Test
    void latencyHistogramsPerCommand() {
        diff.checkAll("CONFIG RESETSTAT", "PING", "PING", "PING", "LATENCY HISTOGRAM nosuch", "LATENCY HISTOGRAM memory");
        for (String[] args : new String[][] {{"LATENCY", "HISTOGRAM", "ping"}, {"LATENCY", "HISTOGRAM", "config", "ping"},
                {"LATENCY", "HISTOGRAM", "config|resetstat"}}) {
            Map<String, Object> redis = RespParser.asMap(diff.redisConnection().call(args));
            Map<String, Object> node = RespParser.asMap(diff.nodeConnection().call(args));
            assertThat(node.keySet()).as(String.join(" ", args)).isEqualTo(redis.keySet());
            for (String command : node.keySet()) {
                List<?> redisEntry = (List<?>) redis.get(command);
                List<?> nodeEntry = (List<?>) node.get(command);
                assertThat(nodeEntry.subList(0, 3)).isEqualTo(redisEntry.subList(0, 3));
                List<?> buckets = (List<?>) nodeEntry.get(3);
                assertThat(buckets.get(buckets.size() - 1)).isEqualTo(nodeEntry.get(1));
            }
        }
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.checkAll("LATENCY HISTOGRAM nosuch");
        assertThat(diff.nodeConnection().callString("LATENCY", "HISTOGRAM", "ping")).startsWith("%1\r\n$4\r\nping\r\n%2\r\n");
    }

    @Test
    void latencyPercentilesAreTheHighestValueOfTheSamplesBucket() {
        for (RawConnection conn : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            conn.call("CONFIG", "RESETSTAT");
            conn.call("DEBUG", "SLEEP", "0.05");
            String info = (String) RespParser.parse(conn.call("INFO", "LATENCYSTATS"));
            String line = info.lines().filter(l -> l.startsWith("latency_percentiles_usec_debug:")).findFirst()
                    .orElseThrow();
            double p50 = Double.parseDouble(line.replaceAll(".*p50=([0-9.]+),.*", "$1"));
            assertThat(p50).as(line).isGreaterThanOrEqualTo(50000);
            // Near 50 ms Redis's histogram (two significant figures, in ns) has buckets of 2^18 ns and reports
            // a bucket's last value.
            assertThat(Math.round(p50 * 1000) + 1).as(line).isEqualTo(Math.round(p50 * 1000 + 1) / (1 << 18) * (1 << 18));
        }
    }

    @Test
    void latencyErrorsAndHelp() {
        diff.checkAll("LATENCY HELP", "latency help", "LATENCY FOO", "LATENCY", "LATENCY HISTORY", "LATENCY LATEST x",
                "LATENCY DOCTOR x", "LATENCY RESET", "LATENCY RESET a b");
    }

    /** The graph without its timings: milliseconds, and the sample ages under the bars (1s may read 0s). */
    private static String withoutMillis(String graph) {
        return graph.replaceAll("\\d+ ms", "N ms").replaceAll("(?m)^\\d+$", "N");
    }

    /** The deterministic parts of the entries: argument arrays and client names. */
    private static List<List<Object>> entries(RawConnection conn, String... count) {
        String[] args = count.length == 0 ? new String[] {"SLOWLOG", "GET", "-1"} : new String[] {"SLOWLOG", "GET", count[0]};
        List<List<Object>> result = new ArrayList<>();
        for (Object e : (List<?>) RespParser.parse(conn.call(args))) {
            List<?> entry = (List<?>) e;
            result.add(List.of(entry.get(3), entry.get(5)));
        }
        return result;
    }
}
