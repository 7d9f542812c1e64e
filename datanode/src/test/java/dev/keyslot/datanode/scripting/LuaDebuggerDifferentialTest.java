package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lua debugger (SCRIPT DEBUG YES|SYNC, redis-cli --ldb): the same debugging conversation against
 * redis-server and the data node must get the same bytes, stop lines, logs and final reply included. Only the
 * addresses Redis prints for functions are masked.
 */
class LuaDebuggerDifferentialTest {
    private static final String SCRIPT = String.join("\n",
            "local a = 1",
            "local b = {1, 2, 'x'}",
            "redis.call('set', KEYS[1], ARGV[1])",
            "redis.debug('hi', a, b)",
            "local function add(x, y)",
            "  local s = x + y",
            "  return s",
            "end",
            "local c = add(a, 10)",
            "redis.breakpoint()",
            "redis.call('rpush', KEYS[2], 'a', 'b')",
            "return {c, redis.call('lrange', KEYS[2], 0, -1)}",
            "");

    private static final Pattern AOF_SIZE = Pattern.compile("aof_current_size:(\\d+)");

    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @BeforeEach
    void reset() {
        diff.check("CONFIG", "SET", "busy-reply-threshold", "5000");
    }

    /** One debugging conversation on one server: the requests of the debugging client, a second client aside. */
    private interface Conversation {
        void run(Debugging session) throws Exception;
    }

    /** What a conversation records: every reply, as text with addresses masked. */
    private static final class Debugging {
        final RawConnection debugger;
        final RawConnection other;
        final List<String> replies = new ArrayList<>();

        Debugging(RawConnection debugger, RawConnection other) {
            this.debugger = debugger;
            this.other = other;
        }

        /** Sends a request of the debugging client and records its reply. */
        void send(String... args) {
            record(debugger.call(args));
        }

        void record(byte[] reply) {
            replies.add(mask(new String(reply, StandardCharsets.ISO_8859_1)));
        }

        /** Records the script's final reply and whether the server then closed the connection, as Redis does. */
        void ends() {
            record(debugger.readReply());
            replies.add("closed=" + debugger.isClosedByPeer(5000));
        }
    }

    private static String mask(String text) {
        return text.replaceAll("(function|table|userdata|thread)@0x[0-9a-f]+", "$1@ADDR");
    }

    private static void compare(Conversation conversation) throws Exception {
        List<String> expected = runOn(true, conversation);
        List<String> actual = runOn(false, conversation);
        assertThat(actual).isEqualTo(expected);
    }

    private static List<String> runOn(boolean redis, Conversation conversation) throws Exception {
        try (RawConnection debugger = diff.newConnection(redis); RawConnection other = diff.newConnection(redis)) {
            Debugging session = new Debugging(debugger, other);
            conversation.run(session);
            return session.replies;
        }
    }

    @Test
    void scriptDebugRepliesAndRefusals() throws Exception {
        diff.check("SCRIPT", "DEBUG", "maybe");
        diff.check("SCRIPT", "DEBUG", "no");
        diff.check("EVAL", "return redis.call('script', 'debug', 'yes')", "0");
        diff.check("MULTI");
        diff.check("SCRIPT", "DEBUG", "yes");
        diff.check("EXEC");
        diff.checkRaw(concat(RawConnection.encode("PING"), RawConnection.encode("SCRIPT", "DEBUG", "yes")), 2);
        diff.check("SCRIPT", "DEBUG", "sync");
        diff.check("EVALSHA", "0123456789012345678901234567890123456789", "0");
        diff.check("EVALSHA", "short", "0");
        diff.check("SCRIPT", "DEBUG", "no");
        diff.check("EVAL", "return redis.breakpoint()", "0");
        diff.check("EVAL", "return redis.debug('x')", "0");
    }

    @Test
    void syncSessionStepsPrintsEvaluatesAndKeepsChanges() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", SCRIPT, "2", "k", "list", "v");
            // The server serves nobody else until the session ends: this GET sees the script's SET.
            s.other.send(RawConnection.encode("GET", "k"));
            s.replies.add("other answered while stopped=" + !s.other.quietFor(200));
            for (String[] step : new String[][] {{"s"}, {"s"}, {"p"}, {"p", "b"}, {"p", "nosuch"}, {"p", "KEYS"},
                {"p", "ARGV"}, {"s"}, {"e", "a + 1"}, {"e", "local z = 3"}, {"e", "error('boom')"}, {"e", "nosuch"},
                {"r", "get", "k"}, {"r", "nosuch"}, {"r", "get"}, {"r", "lpush", "k", "x"}, {"r"}, {"l"},
                {"l", "3", "1"}, {"w"}, {"t"}, {"h"}, {"zzz"}, {"s"}, {"s"}, {"s"}, {"s"}, {"t"}, {"p"}, {"n"},
                {"c"}, {"s"}, {"s"}}) {
                s.send(step);
            }
            s.ends();
            s.record(s.other.readReply());
            s.record(s.other.call("LRANGE", "list", "0", "-1"));
        });
    }

    @Test
    void breakpointsAreListedAddedAndRemoved() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", SCRIPT, "2", "k", "list", "v");
            for (String[] step : new String[][] {{"b"}, {"b", "3", "9", "11"}, {"b", "99"}, {"b", "3"}, {"b", "x"},
                {"b"}, {"b", "-3"}, {"b"}, {"b", "-5"}, {"c"}, {"c"}, {"b", "0"}, {"b"}, {"c"}}) {
                s.send(step);
            }
            s.ends();
        });
    }

    @Test
    void maxlenTrimsRepliesAndValues() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", "local big = string.rep('y', 300)\nreturn #big", "0");
            for (String[] step : new String[][] {{"s"}, {"p", "big"}, {"p", "big"}, {"m"}, {"m", "10"},
                {"e", "string.rep('z', 100)"}, {"m", "0"}, {"p"}, {"m", "x"}, {"r", "ping", "hello"}, {"c"}}) {
                s.send(step);
            }
            s.ends();
        });
    }

    @Test
    void tablesPrintTheirKeysInLuaOrder() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", "local t = {name = 'x', age = 1, city = 'y', id = 7, [1] = 'one', [2.5] = true}\n"
                    + "local n = {list = {1, 2, 3}, map = {b = 1, a = 2}}\nreturn 1", "0");
            for (String[] step : new String[][] {{"s"}, {"s"}, {"p", "t"}, {"p", "n"}, {"p"},
                {"e", "{z = 1, y = 2, x = 3, w = 4}"}, {"c"}}) {
                s.send(step);
            }
            s.ends();
        });
    }

    @Test
    void abortEndsTheSessionWithAnError() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", SCRIPT, "2", "k", "list", "v");
            s.send("s");
            s.send("s");
            s.send("a");
            s.replies.add("closed=" + s.debugger.isClosedByPeer(5000));
            s.record(s.other.call("GET", "k"));
        });
    }

    @Test
    void scriptsThatCannotRunEndTheSessionAtOnce() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "yes");
            s.send("EVAL", "return +", "0");
            s.ends();
        });
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", "return 1", "5");
            s.ends();
        });
    }

    /** A forked session's writes are rolled back at its end: values, TTLs and absent keys are as before. */
    @Test
    void yesSessionRollsBackItsWrites() throws Exception {
        compare(s -> {
            s.record(s.other.call("SET", "k", "before"));
            s.record(s.other.call("EXPIRE", "k", "1000"));
            s.record(s.other.call("RPUSH", "list", "old"));
            s.send("SCRIPT", "DEBUG", "yes");
            s.send("EVAL", SCRIPT, "2", "k", "list", "v");
            s.send("s");
            s.send("s");
            s.send("r", "set", "k2", "from-debugger");
            // Redis answers from its parent process at once; the data node once the session ended.
            s.other.send(RawConnection.encode("GET", "k"));
            s.send("c");
            s.send("c");
            s.ends();
            s.record(s.other.readReply());
            s.record(s.other.call("GET", "k"));
            s.record(s.other.call("TTL", "k"));
            s.record(s.other.call("LRANGE", "list", "0", "-1"));
            s.record(s.other.call("EXISTS", "k2"));
        });
    }

    /** FLUSHALL, SWAPDB, SELECT and MOVE in a forked session are undone too, in every database they touched. */
    @Test
    void yesSessionRollsBackDatabaseWideWrites() throws Exception {
        compare(s -> {
            s.record(s.other.call("SET", "a", "1"));
            s.record(s.other.call("SELECT", "2"));
            s.record(s.other.call("RPUSH", "l", "x", "y"));
            s.send("SCRIPT", "DEBUG", "yes");
            s.send("EVAL", String.join("\n", "redis.call('set', 'a', '2')", "redis.call('flushall')",
                    "redis.call('select', '2')", "redis.call('set', 'z', '3')", "redis.call('swapdb', '0', '2')",
                    "redis.call('move', 'z', '5')", "return redis.call('dbsize')"), "0");
            s.send("c");
            s.ends();
            for (String db : new String[] {"0", "5", "2"}) {
                s.record(s.other.call("SELECT", db));
                s.record(s.other.call("DBSIZE"));
                s.record(s.other.call("KEYS", "*"));
            }
            s.record(s.other.call("LRANGE", "l", "0", "-1"));
        });
    }

    /**
     * Nothing a forked session writes reaches the append-only file (Redis's child never feeds the parent's), while
     * a synchronous session's writes do: the file's size, before and after each kind of session, on both servers.
     */
    @Test
    void onlySyncSessionsReachTheAppendOnlyFile() throws Exception {
        try (Differential aof = new Differential("--appendonly", "yes", "--appendfsync", "always")) {
            List<String> expected = aofGrowth(aof, true);
            List<String> actual = aofGrowth(aof, false);
            assertThat(expected).containsExactly("yes grew=false", "sync grew=true");
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static List<String> aofGrowth(Differential aof, boolean redis) throws Exception {
        List<String> growth = new ArrayList<>();
        for (String mode : new String[] {"yes", "sync"}) {
            try (RawConnection other = aof.newConnection(redis); RawConnection debugger = aof.newConnection(redis)) {
                long before = aofSize(other);
                Debugging s = new Debugging(debugger, other);
                s.send("SCRIPT", "DEBUG", mode);
                s.send("EVAL", SCRIPT, "2", "k", "list", "v");
                s.send("b", "0");
                s.send("c");
                s.send("c");
                s.ends();
                growth.add(mode + " grew=" + (aofSize(other) > before));
            }
        }
        return growth;
    }

    private static long aofSize(RawConnection c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String info = c.callString("INFO", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) {
                Matcher m = AOF_SIZE.matcher(info);
                assertThat(m.find()).isTrue();
                return Long.parseLong(m.group(1));
            }
            assertThat(System.nanoTime()).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** A client that goes away while stopped lets the script run to its end; a sync session keeps its writes. */
    @Test
    void disconnectingLetsTheScriptFinish() throws Exception {
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", SCRIPT, "2", "k", "list", "v");
            s.send("b", "11");
            s.debugger.close();
            s.record(s.other.call("LRANGE", "list", "0", "-1"));
            s.record(s.other.call("GET", "k"));
        });
    }

    @Test
    void anEndlessLoopStopsAfterTheTimeLimit() throws Exception {
        diff.check("CONFIG", "SET", "busy-reply-threshold", "200");
        compare(s -> {
            s.send("SCRIPT", "DEBUG", "sync");
            s.send("EVAL", "local x = 0\nwhile true do\n  x = x + 1\nend\n", "0");
            s.send("c");
            s.send("a");
            s.replies.add("closed=" + s.debugger.isClosedByPeer(5000));
        });
    }

    /** redis-cli --ldb and --ldb-sync-mode driven from stdin print the same session against both servers. */
    @Test
    void redisCliLdbSessionsPrintTheSame(@TempDir Path dir) throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        Path script = dir.resolve("script.lua");
        Files.writeString(script, SCRIPT);
        String commands = String.join("\n", "s", "s", "p", "restart", "s", "s", "p b", "e a + 1", "r get k", "s",
                "t", "w", "b 11", "m 60", "e string.rep('q', 100)", "c", "c", "");
        for (String mode : new String[] {"--ldb", "--ldb-sync-mode"}) {
            diff.reset();
            String expected = runCli(cli, diff.redis().host(), diff.redis().port(), mode, script, commands, dir);
            String actual = runCli(cli, diff.node().host(), diff.node().port(), mode, script, commands, dir);
            assertThat(actual).contains("Lua debugging session ended").isEqualTo(expected);
        }
    }

    private static String runCli(String cli, String host, int port, String mode, Path script, String stdin, Path dir)
            throws IOException, InterruptedException {
        Path in = dir.resolve("stdin.txt");
        Files.writeString(in, stdin);
        Process p = new ProcessBuilder(cli, "-h", host, "-p", Integer.toString(port), mode, "--eval",
                script.toString(), "k", "list", ",", "v")
                .redirectInput(in.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return mask(new String(out, StandardCharsets.ISO_8859_1).replaceAll("\u001b\\[[0-9;]*m", ""));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
