package dev.keyslot.datanode.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MONITOR compared with redis-server 7.0: the lines a monitor receives for the same requests (timestamps
 * checked for form and freshness, then masked; the sender's address masked only when it is the sender's),
 * and what a client in monitor mode may still do.
 */
class MonitorDifferentialTest {
    private static final Pattern STAMP = Pattern.compile("^\\+(\\d+)\\.(\\d{6}) ", Pattern.MULTILINE);
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.check("FUNCTION", "FLUSH");
    }

    @Test
    void everyExecutedCommandIsShownOnceAsRedisShowsIt() {
        String[][] requests = {
                {"SET", "k", "a b\"c\\d\n\u0001\u00ff"}, {"GET", "k"}, {"SELECT", "2"}, {"SET", "k", "1"},
                {"SELECT", "0"}, {"INCR", "k"}, {"NOSUCHCOMMAND", "x"}, {"GET"},
                {"AUTH", "secret"}, {"AUTH", "user", "secret"}, {"HELLO", "3", "AUTH", "default", "wrong"},
                {"HELLO", "2"}, {"MULTI"}, {"SET", "a", "1"}, {"INCR", "a"}, {"EXEC"},
                {"MULTI"}, {"SET", "a", "1"}, {"NOSUCH"}, {"EXEC"}, {"MULTI"}, {"GET", "a"}, {"DISCARD"},
                {"EVAL", "redis.call('set', 'x', '1') return redis.call('get', 'x')", "1", "x"},
                {"EVALSHA", "0000000000000000000000000000000000000000", "0"},
                {"EVAL", "return redis.call('nosuch')", "0"},
                {"FUNCTION", "LOAD", "#!lua name=monlib\nredis.register_function('f', function(k, a) "
                        + "return redis.call('set', k[1], a[1]) end)"},
                {"FCALL", "f", "1", "fk", "fv"}, {"FCALL", "nosuch", "0"},
                {"CONFIG", "GET", "maxmemory"}, {"DEBUG", "SLEEP", "0"}, {"CLIENT", "SETNAME", "sender"},
                {"CLIENT", "GETNAME"}, {"BLPOP", "empty", "0.01"}, {"LPUSH", "q", "1"},
                {"MIGRATE", "127.0.0.1", "1", "k", "0", "10", "AUTH", "secret"}, {"OBJECT", "ENCODING", "k"},
        };
        assertThat(monitored(true, requests)).isEqualTo(monitored(false, requests));
    }

    @Test
    void aMonitorMayNotTouchKeysIsNotPausedAndLeavesWithReset() {
        String[][] requests = {
                {"MONITOR"}, {"PING"}, {"GET", "k"}, {"SET", "k", "v"}, {"EVAL", "return 1", "0"},
                {"EVAL", "#!lua flags=no-writes\nreturn 1", "0"}, {"MULTI"}, {"PING"}, {"EXEC"},
                {"MULTI"}, {"GET", "k"}, {"EXEC"}, {"CLIENT", "PAUSE", "10000", "ALL"}, {"PING"},
                {"CLIENT", "UNPAUSE"}, {"SUBSCRIBE", "ch"}, {"RESET"}, {"GET", "k"}, {"MULTI"}, {"MONITOR"},
                {"EXEC"}, {"MONITOR"}, {"QUIT"},
        };
        assertThat(ownSession(false, requests)).isEqualTo(ownSession(true, requests));
    }

    @Test
    void aMonitorIsListedWithFlagO() {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection monitor = diff.newConnection(redis)) {
                monitor.call("MONITOR");
                String info = new String(monitor.call("CLIENT", "INFO"), StandardCharsets.UTF_8);
                assertThat(info).as(redis ? "redis" : "node").contains(" flags=O ");
            }
        }
    }

    /** What a monitor receives while another connection sends requests, up to a final marker. */
    private static List<String> monitored(boolean redis, String[][] requests) {
        try (RawConnection monitor = diff.newConnection(redis); RawConnection sender = diff.newConnection(redis)) {
            assertThat(monitor.callString("MONITOR")).isEqualTo("+OK\r\n");
            for (String[] request : requests) {
                sender.call(request);
            }
            sender.call("ECHO", "end-of-test");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String line = masked(monitor.readReplyString(), sender.localPort());
                lines.add(line);
                if (line.endsWith("\"ECHO\" \"end-of-test\"\r\n")) {
                    return lines;
                }
            }
            throw new AssertionError("no end marker in " + lines);
        }
    }

    /** The replies a monitoring connection gets for its own requests, monitor lines included, in order. */
    private static List<String> ownSession(boolean redis, String[][] requests) {
        try (RawConnection conn = diff.newConnection(redis)) {
            List<String> replies = new ArrayList<>();
            for (String[] request : requests) {
                conn.send(RawConnection.encode(request));
                StringBuilder got = new StringBuilder(String.join(" ", request)).append(" =>");
                // Replies and monitor lines interleave; MONITOR twice and QUIT's close answer nothing more.
                while (!conn.quietFor(150)) {
                    got.append(' ').append(masked(conn.readReplyString(), conn.localPort()));
                }
                replies.add(got.toString());
            }
            return replies;
        }
    }

    private static String masked(String reply, int senderPort) {
        Matcher m = STAMP.matcher(reply);
        if (m.find()) {
            long seconds = Long.parseLong(m.group(1));
            assertThat(seconds).isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 1);
        }
        return STAMP.matcher(reply).replaceAll("+TIME ").replace("127.0.0.1:" + senderPort + "]", "SENDER]");
    }
}
