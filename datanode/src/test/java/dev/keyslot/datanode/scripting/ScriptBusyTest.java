package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script running past busy-reply-threshold: other clients get -BUSY, SCRIPT KILL / FUNCTION KILL stop
 * it unless it wrote. The same conversation runs against redis-server and the data node; the replies
 * must be identical.
 */
class ScriptBusyTest {
    private static final String LOOP = "local i = 0 while true do i = i + 1 end";
    /** Runs 5 s: long enough that SCRIPT KILL and the SET after it still find it running on a loaded machine. */
    private static final String WRITE_THEN_WAIT = "redis.call('set', 'x', '1') local t = redis.call('time')\n"
            + "while tonumber(redis.call('time')[1]) * 1000000 + tonumber(redis.call('time')[2])"
            + " < tonumber(t[1]) * 1000000 + tonumber(t[2]) + 5000000 do end return 'done'";

    @RegisterExtension
    static final Differential diff = Differential.perClass("--busy-reply-threshold", "100");

    @BeforeEach
    void reset() {
        diff.check("FUNCTION", "FLUSH");
    }

    /** Runs the conversation on one server: the script on a first client, the others on a second. */
    private interface Conversation {
        void run(RawConnection scriptClient, RawConnection other, List<String> replies) throws Exception;
    }

    private static void compare(Conversation conversation) throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (RawConnection a = new RawConnection(diff.redis().host(), diff.redis().port());
             RawConnection b = new RawConnection(diff.redis().host(), diff.redis().port())) {
            conversation.run(a, b, expected);
        }
        try (RawConnection a = new RawConnection(diff.node().host(), diff.node().port());
             RawConnection b = new RawConnection(diff.node().host(), diff.node().port())) {
            conversation.run(a, b, actual);
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(400);
    }

    /**
     * A client blocked on a key a busy script pushed to is served once the script ends, as Redis serves blocked
     * clients after the command: a command allowed while busy (HELLO) must not serve it the script's first push.
     */
    @Test
    void blockedClientsWaitForTheBusyScriptToEnd() throws Exception {
        String pushWaitPush = "redis.call('lpush', KEYS[1], 'y') local t = redis.call('time')\n"
                + "while tonumber(redis.call('time')[1]) * 1000000 + tonumber(redis.call('time')[2])"
                + " < tonumber(t[1]) * 1000000 + tonumber(t[2]) + 1000000 do end redis.call('lpush', KEYS[1], 'z')";
        List<List<String>> outcomes = new ArrayList<>();
        String[] hosts = {diff.redis().host(), diff.node().host()};
        int[] ports = {diff.redis().port(), diff.node().port()};
        for (int i = 0; i < 2; i++) {
            List<String> replies = new ArrayList<>();
            try (RawConnection script = new RawConnection(hosts[i], ports[i]);
                 RawConnection other = new RawConnection(hosts[i], ports[i]);
                 RawConnection blocked = new RawConnection(hosts[i], ports[i])) {
                other.call("DEL", "bl");
                blocked.send(RawConnection.encode("BLPOP", "bl", "0"));
                pause();
                script.send(RawConnection.encode("EVAL", pushWaitPush, "1", "bl"));
                pause();
                replies.add(other.callString("PING").substring(0, 5));
                other.callString("HELLO", "2");
                replies.add(blocked.readReplyString());
                replies.add(script.readReplyString());
            }
            outcomes.add(replies);
        }
        assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
        assertThat(outcomes.get(0).get(1)).contains("z");
    }

    /**
     * A script running past the threshold is accounted whole, as Redis runs it within its command: the slow log
     * entry and commandstats' usec span the 300 ms it ran, not only the part before other clients got BUSY.
     */
    @Test
    void aBusyScriptIsAccountedWhole() throws Exception {
        String waitThenReturn = "local t = redis.call('time')\n"
                + "while tonumber(redis.call('time')[1]) * 1000000 + tonumber(redis.call('time')[2])"
                + " < tonumber(t[1]) * 1000000 + tonumber(t[2]) + 300000 do end return 1";
        compare((script, other, replies) -> {
            other.call("CONFIG", "SET", "slowlog-log-slower-than", "250000");
            other.call("SLOWLOG", "RESET");
            other.call("CONFIG", "RESETSTAT");
            try {
                replies.add(script.callString("EVAL", waitThenReturn, "0"));
                List<?> entries = (List<?>) RespParser.parse(other.call("SLOWLOG", "GET"));
                replies.add("slow log entries: " + entries.size());
                for (Object e : entries) {
                    List<?> entry = (List<?>) e;
                    replies.add(entry.get(3) + " over 300 ms: " + ((Long) entry.get(2) >= 300_000));
                }
                String stats = other.callString("INFO", "commandstats");
                java.util.regex.Matcher usec = java.util.regex.Pattern.compile("cmdstat_eval:calls=1,usec=(\\d+),").matcher(stats);
                replies.add("usec over 300 ms: " + (usec.find() && Long.parseLong(usec.group(1)) >= 300_000));
            } finally {
                other.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            }
        });
    }

    /** A script that ended in an error after running past the threshold still fails its EVAL, as in Redis. */
    @Test
    void aBusyScriptEndingInAnErrorFailsItsCommand() throws Exception {
        String waitThenFail = "local t = redis.call('time')\n"
                + "while tonumber(redis.call('time')[1]) * 1000000 + tonumber(redis.call('time')[2])"
                + " < tonumber(t[1]) * 1000000 + tonumber(t[2]) + 300000 do end ";
        compare((script, other, replies) -> {
            other.call("SET", "text", "x");
            for (String end : new String[] {"error('boom')", "return redis.pcall('incr', 'text')"}) {
                other.call("CONFIG", "RESETSTAT");
                replies.add(script.callString("EVAL", waitThenFail + end, "0"));
                String[] stats = other.callString("INFO", "commandstats").split("\r\n");
                for (String command : new String[] {"eval", "incr"}) {
                    for (String line : stats) {
                        if (line.startsWith("cmdstat_" + command + ":")) {
                            replies.add(line.replaceAll("usec=\\d+,usec_per_call=[\\d.]+,", ""));
                        }
                    }
                }
                replies.add(other.callString("INFO", "errorstats"));
            }
        });
    }

    @Test
    void busyScriptIsKilledWithScriptKill() throws Exception {
        compare((script, other, replies) -> {
            script.send(RawConnection.encode("EVAL", LOOP, "0"));
            script.send(RawConnection.encode("PING"));
            pause();
            replies.add(other.callString("PING"));
            replies.add(other.callString("GET", "x"));
            replies.add(other.callString("FUNCTION", "STATS"));
            replies.add(other.callString("FUNCTION", "KILL"));
            replies.add(other.callString("SCRIPT", "KILL"));
            replies.add(script.readReplyString());
            replies.add(script.readReplyString());
            replies.add(other.callString("PING"));
            replies.add(other.callString("SCRIPT", "KILL"));
        });
    }

    /** Straight-line code that loops in code it loads itself must still run where it can be killed. */
    @Test
    void loopInLoadedCodeIsKilledWithScriptKill() throws Exception {
        compare((script, other, replies) -> {
            script.send(RawConnection.encode("EVAL", "return loadstring('" + LOOP + "')()", "0"));
            pause();
            replies.add(other.callString("PING"));
            replies.add(other.callString("SCRIPT", "KILL"));
            // Compared without the position: Redis names the loaded chunk by its code, the data node names none.
            replies.add(script.readReplyString().split("( script: .*)?\\r\\n")[0]);
            replies.add(other.callString("PING"));
        });
    }

    @Test
    void scriptThatWroteCannotBeKilled() throws Exception {
        compare((script, other, replies) -> {
            script.setReadTimeout(30_000);
            script.send(RawConnection.encode("EVAL", WRITE_THEN_WAIT, "0"));
            pause();
            replies.add(other.callString("SCRIPT", "KILL"));
            replies.add(other.callString("SET", "y", "2"));
            replies.add(script.readReplyString());
            replies.add(other.callString("GET", "x"));
        });
    }

    @Test
    void busyFunctionIsKilledWithFunctionKill() throws Exception {
        compare((script, other, replies) -> {
            replies.add(other.callString("FUNCTION", "LOAD",
                    "#!lua name=busy\nredis.register_function('spin', function() " + LOOP + " end)"));
            script.send(RawConnection.encode("FCALL", "spin", "0"));
            pause();
            replies.add(other.callString("PING"));
            replies.add(other.callString("SCRIPT", "KILL"));
            replies.add(other.callString("FUNCTION", "KILL"));
            replies.add(script.readReplyString());
            replies.add(other.callString("FUNCTION", "KILL"));
        });
    }

    @Test
    void functionStatsShowsTheRunningFunction() throws Exception {
        try (RawConnection script = new RawConnection(diff.node().host(), diff.node().port());
             RawConnection other = new RawConnection(diff.node().host(), diff.node().port())) {
            other.callString("FUNCTION", "LOAD", "#!lua name=busy\nredis.register_function('spin', function() " + LOOP + " end)");
            script.send(RawConnection.encode("FCALL", "spin", "0"));
            pause();
            String stats = other.callString("FUNCTION", "STATS");
            assertThat(stats).startsWith("*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$4\r\nspin\r\n$7\r\ncommand\r\n"
                    + "*3\r\n$5\r\nFCALL\r\n$4\r\nspin\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:");
            assertThat(other.callString("FUNCTION", "KILL")).isEqualTo("+OK\r\n");
            assertThat(script.readReplyString()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
        }
    }
}
