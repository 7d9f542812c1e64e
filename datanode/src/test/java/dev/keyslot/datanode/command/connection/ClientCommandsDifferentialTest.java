package dev.keyslot.datanode.command.connection;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLIENT subcommands compared with redis-server 7.0. */
class ClientCommandsDifferentialTest {
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void names() {
        diff.checkAll("CLIENT GETNAME", "CLIENT SETNAME myname", "CLIENT GETNAME", "CLIENT SETNAME", "CLIENT GETNAME x");
        diff.check("CLIENT", "SETNAME", "a b");
        diff.check("CLIENT", "SETNAME", "a\nb");
        diff.check("CLIENT", "SETNAME", "");
        diff.check("CLIENT", "GETNAME");
    }

    @Test
    void idIsAPositiveIntegerMatchingClientInfo() {
        for (RawConnection conn : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            long id = (Long) RespParser.parse(conn.call("CLIENT", "ID"));
            assertThat(id).isPositive();
            assertThat((String) RespParser.parse(conn.call("CLIENT", "INFO"))).startsWith("id=" + id + " ");
        }
        diff.checkAll("CLIENT ID extra");
    }

    @Test
    void listAndInfoHaveRedisFieldsInRedisOrder() {
        diff.checkAll("CLIENT SETNAME lister", "SELECT 3");
        for (String[] request : new String[][] {{"CLIENT", "LIST"}, {"CLIENT", "INFO"}, {"CLIENT", "LIST", "TYPE", "normal"}}) {
            String redis = (String) RespParser.parse(diff.redisConnection().call(request));
            String node = (String) RespParser.parse(diff.nodeConnection().call(request));
            assertThat(fieldNames(node)).as(String.join(" ", request)).isEqualTo(fieldNames(redis));
            assertThat(node).endsWith("\n").contains(" name=lister ").contains(" db=3 ").contains(" flags=N ")
                    .contains(" user=default ").contains(" resp=2").contains(" multi=-1 ")
                    .contains(" cmd=" + (request[1].equals("INFO") ? "client|info" : "client|list") + " ");
        }
    }

    /** The flag letters and counters of CLIENT LIST for clients in each state Redis distinguishes. */
    @Test
    void listShowsEachClientsStateAsRedisDoes() {
        String[][][] states = {
                {{"SUBSCRIBE", "a", "b"}, {"PSUBSCRIBE", "p*"}, {"SSUBSCRIBE", "s"}},
                {{"MULTI"}, {"SET", "x", "1"}, {"GET", "x"}},
                {{"WATCH", "w"}, {"MULTI"}},
                {{"CLIENT", "TRACKING", "ON"}},
                {{"CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a"}},
                {{"CLIENT", "NO-EVICT", "ON"}},
                {{"BLPOP", "empty", "0"}},
                {{"WAIT", "1", "0"}},
        };
        for (String[][] requests : states) {
            List<String> seen = new ArrayList<>();
            for (boolean redis : new boolean[] {true, false}) {
                try (RawConnection observer = diff.newConnection(redis);
                     RawConnection client = diff.newConnection(redis)) {
                    long id = (Long) RespParser.parse(client.call("CLIENT", "ID"));
                    for (String[] request : requests) {
                        client.send(RawConnection.encode(request));
                    }
                    observer.call("SET", "w", "touched");
                    observer.quietFor(100);
                    String line = (String) RespParser.parse(observer.call("CLIENT", "LIST", "ID", Long.toString(id)));
                    seen.add(line.replaceAll(".* (flags=\\S+) db=\\d+ (sub=\\d+ psub=\\d+ ssub=\\d+ multi=-?\\d+) .* (redir=-?\\d+) .*\n",
                            "$1 $2 $3"));
                }
            }
            assertThat(seen.get(1)).as(requests[0][0]).isEqualTo(seen.get(0));
        }
    }

    @Test
    void listFilters() {
        diff.checkAll("CLIENT LIST TYPE pubsub", "CLIENT LIST TYPE master", "CLIENT LIST TYPE replica",
                "CLIENT LIST TYPE slave", "CLIENT LIST TYPE foo", "CLIENT LIST foo", "CLIENT LIST TYPE",
                "CLIENT LIST ID x", "CLIENT LIST ID 99999", "CLIENT LIST ID 99999 88888", "CLIENT LIST foo bar baz");
        for (RawConnection conn : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            long id = (Long) RespParser.parse(conn.call("CLIENT", "ID"));
            String listed = (String) RespParser.parse(conn.call("CLIENT", "LIST", "ID", Long.toString(id), "99999"));
            assertThat(listed).startsWith("id=" + id + " ").hasLineCount(1);
        }
    }

    @Test
    void listInResp3IsVerbatim() {
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.checkAll("CLIENT LIST TYPE pubsub");
        assertThat(diff.nodeConnection().callString("CLIENT", "INFO")).startsWith("=").contains("txt:id=");
    }

    @Test
    void killErrors() {
        diff.checkAll("CLIENT KILL 1.2.3.4:5", "CLIENT KILL ID 99999", "CLIENT KILL ID abc", "CLIENT KILL ID 0",
                "CLIENT KILL ID -1", "CLIENT KILL foo bar", "CLIENT KILL TYPE foo", "CLIENT KILL SKIPME maybe",
                "CLIENT KILL USER nobody", "CLIENT KILL MAXAGE 1", "CLIENT KILL ID 1 TYPE", "CLIENT KILL TYPE pubsub",
                "CLIENT KILL LADDR 1.1.1.1:1", "CLIENT KILL ADDR 1.1.1.1:1", "CLIENT KILL", "CLIENT KILL a b c d e");
    }

    @Test
    void killByAddressIdAndUser() {
        for (boolean redis : new boolean[] {true, false}) {
            RawConnection self = redis ? diff.redisConnection() : diff.nodeConnection();
            try (RawConnection victim = diff.newConnection(redis)) {
                String addr = field((String) RespParser.parse(victim.call("CLIENT", "INFO")), "addr");
                assertThat(self.callString("CLIENT", "KILL", addr)).isEqualTo("+OK\r\n");
                assertThat(victim.isClosedByPeer(2000)).isTrue();
            }
            try (RawConnection victim = diff.newConnection(redis)) {
                String id = Long.toString((Long) RespParser.parse(victim.call("CLIENT", "ID")));
                assertThat(self.callString("CLIENT", "KILL", "ID", id, "TYPE", "normal")).isEqualTo(":1\r\n");
                assertThat(victim.isClosedByPeer(2000)).isTrue();
            }
            try (RawConnection victim = diff.newConnection(redis)) {
                String laddr = field((String) RespParser.parse(victim.call("CLIENT", "INFO")), "laddr");
                victim.call("PING");
                assertThat(self.callString("CLIENT", "KILL", "LADDR", laddr, "USER", "default")).isEqualTo(":1\r\n");
                assertThat(victim.isClosedByPeer(2000)).isTrue();
                assertThat(self.callString("PING")).isEqualTo("+PONG\r\n");
            }
            String myId = Long.toString((Long) RespParser.parse(self.call("CLIENT", "ID")));
            assertThat(self.callString("CLIENT", "KILL", "ID", myId)).isEqualTo(":0\r\n");
            assertThat(self.callString("CLIENT", "KILL", "ID", myId, "SKIPME", "no")).isEqualTo(":1\r\n");
            assertThat(self.isClosedByPeer(2000)).isTrue();
        }
    }

    @Test
    void replyOffAndSkipSuppressReplies() {
        diff.checkRaw(ascii("CLIENT REPLY OFF\r\nPING\r\nSET k v\r\nCLIENT REPLY ON\r\nGET k\r\n"), 2);
        diff.checkRaw(ascii("CLIENT REPLY SKIP\r\nPING\r\nPING x\r\n"), 1);
        diff.checkRaw(ascii("CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nPING\r\nCLIENT REPLY ON\r\n"), 1);
        diff.checkAll("CLIENT REPLY foo", "CLIENT REPLY", "CLIENT REPLY ON");
    }

    @Test
    void noEvictAndHelp() {
        diff.checkAll("CLIENT NO-EVICT on", "CLIENT NO-EVICT OFF", "CLIENT NO-EVICT maybe", "CLIENT HELP",
                "client help", "CLIENT FOO", "CLIENT");
    }

    @Test
    void pauseErrors() {
        diff.checkAll("CLIENT PAUSE abc", "CLIENT PAUSE -1", "CLIENT PAUSE 10 foo", "CLIENT PAUSE 10 write extra",
                "CLIENT PAUSE", "CLIENT UNPAUSE extra", "CLIENT UNPAUSE");
    }

    /**
     * A pause keeps the dataset still: keys that expire during it read as missing but are not deleted, by the
     * expiry cycle or by an access, until it ends (expired_keys counts them then).
     */
    @Test
    void expiredKeysStayUntilThePauseEnds() throws Exception {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection c = diff.newConnection(redis)) {
                long expiredBefore = expiredKeys(c);
                c.call("MULTI");
                c.call("SET", "foo", "bar", "PX", "10");
                c.call("SET", "bar", "foo", "PX", "10");
                c.call("CLIENT", "PAUSE", "50000", "WRITE");
                c.call("EXEC");
                try {
                    Thread.sleep(300);
                    assertThat(c.callString("GET", "foo")).isEqualTo("$-1\r\n");
                    assertThat(c.callString("GET", "bar")).isEqualTo("$-1\r\n");
                    assertThat(expiredKeys(c)).as(redis ? "redis" : "node").isEqualTo(expiredBefore);
                } finally {
                    c.call("CLIENT", "UNPAUSE");
                }
                c.call("GET", "foo");
                c.call("GET", "bar");
                assertThat(expiredKeys(c)).as(redis ? "redis" : "node").isEqualTo(expiredBefore + 2);
            }
        }
    }

    /** qbuf of the client running CLIENT INFO/LIST: the bytes of its read, pipelined requests included, as Redis's. */
    @Test
    void queryBufferOfTheCallerHoldsItsRead() {
        List<String> lines = new ArrayList<>();
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection c = diff.newConnection(redis)) {
                lines.add(c.callString("CLIENT", "INFO").replaceAll("(?s).* (qbuf=\\d+) .*", "$1"));
                c.send("PING\r\nCLIENT INFO\r\n".getBytes(StandardCharsets.US_ASCII));
                c.readReply();
                lines.add(c.readReplyString().replaceAll("(?s).* (qbuf=\\d+) .*", "$1"));
            }
        }
        assertThat(lines.subList(2, 4)).isEqualTo(lines.subList(0, 2)).containsExactly("qbuf=26", "qbuf=19");
    }

    private static long expiredKeys(RawConnection c) {
        return Long.parseLong(c.callString("INFO", "stats").replaceAll("(?s).*\r\nexpired_keys:(\\d+)\r\n.*", "$1"));
    }

    @Test
    void pauseWriteHoldsWritesButNotReads() throws Exception {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection admin = diff.newConnection(redis);
                 RawConnection writer = diff.newConnection(redis);
                 RawConnection reader = diff.newConnection(redis)) {
                // A pause long enough that a slow scheduler cannot make the read wait as long as the write.
                assertThat(admin.callString("CLIENT", "PAUSE", "2000", "WRITE")).isEqualTo("+OK\r\n");
                long start = System.nanoTime();
                CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> writer.callString("SET", "p", "1"));
                assertThat(reader.callString("GET", "p")).isEqualTo("$-1\r\n");
                assertThat(write).as(redis ? "redis" : "node").isNotDone();
                assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo("+OK\r\n");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as(redis ? "redis" : "node")
                        .isGreaterThanOrEqualTo(1950);
                assertThat(reader.callString("GET", "p")).isEqualTo("$1\r\n1\r\n");
            }
        }
    }

    @Test
    void unpauseReleasesHeldRequestsInOrder() throws Exception {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection admin = diff.newConnection(redis);
                 RawConnection paused = diff.newConnection(redis)) {
                assertThat(admin.callString("CLIENT", "PAUSE", "10000", "WRITE")).isEqualTo("+OK\r\n");
                paused.send(ascii("SET q 1\r\nNOSUCH\r\nGET q\r\n"));
                Thread.sleep(100);
                assertThat(admin.callString("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
                List<String> replies = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    replies.add(new String(paused.readReply(), StandardCharsets.ISO_8859_1));
                }
                assertThat(replies).as(redis ? "redis" : "node").containsExactly("+OK\r\n",
                        "-ERR unknown command 'NOSUCH', with args beginning with: \r\n", "$1\r\n1\r\n");
            }
        }
    }

    /**
     * CLIENT PAUSE WRITE holds what may write: a script without declared flags, one declaring writes, a
     * function registered without no-writes and a transaction holding a write (Redis's getCommandFlags and
     * the transaction's flags), but not a no-writes script or function, EVAL_RO or a read-only transaction.
     */
    @Test
    void pauseWriteHoldsScriptsAndTransactionsThatMayWrite() {
        String library = "#!lua name=pauselib\n"
                + "redis.register_function('pw', function(k, a) return redis.call('set', 'pw', '1') end)\n"
                + "redis.register_function{function_name='pr', callback=function(k, a) return 1 end, flags={'no-writes'}}";
        diff.check("FUNCTION", "LOAD", "REPLACE", library);
        String[][][] held = {
                {{"EVAL", "redis.call('set', 'e', '1') return 1", "0"}},
                {{"EVAL", "#!lua\nreturn 1", "0"}},
                {{"FCALL", "pw", "0"}},
                {{"MULTI"}, {"SET", "t", "1"}, {"EXEC"}},
        };
        String[][][] notHeld = {
                {{"EVAL", "#!lua flags=no-writes\nreturn 1", "0"}},
                {{"EVAL_RO", "return 1", "0"}},
                {{"FCALL", "pr", "0"}},
                {{"MULTI"}, {"GET", "t"}, {"EXEC"}},
        };
        for (boolean redis : new boolean[] {true, false}) {
            for (String[][][] cases : new String[][][][] {held, notHeld}) {
                for (String[][] requests : cases) {
                    try (RawConnection admin = diff.newConnection(redis);
                         RawConnection client = diff.newConnection(redis)) {
                        for (int i = 0; i < requests.length - 1; i++) {
                            client.call(requests[i]);
                        }
                        assertThat(admin.callString("CLIENT", "PAUSE", "10000", "WRITE")).isEqualTo("+OK\r\n");
                        client.send(RawConnection.encode(requests[requests.length - 1]));
                        assertThat(client.quietFor(300)).as((redis ? "redis " : "node ") + String.join(" ",
                                requests[requests.length - 1]) + " held").isEqualTo(cases == held);
                        assertThat(admin.callString("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
                        client.readReply();
                    }
                }
            }
        }
    }

    @Test
    void pauseAllHoldsEveryCommand() throws Exception {
        for (boolean redis : new boolean[] {true, false}) {
            try (RawConnection admin = diff.newConnection(redis);
                 RawConnection other = diff.newConnection(redis)) {
                long start = System.nanoTime();
                assertThat(admin.callString("CLIENT", "PAUSE", "300")).isEqualTo("+OK\r\n");
                assertThat(other.callString("PING")).isEqualTo("+PONG\r\n");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as(redis ? "redis" : "node")
                        .isGreaterThanOrEqualTo(250);
            }
        }
    }

    private static List<String> fieldNames(String lines) {
        List<String> names = new ArrayList<>();
        for (String pair : lines.split("\n")[0].split(" ")) {
            names.add(pair.substring(0, pair.indexOf('=')));
        }
        return names;
    }

    private static String field(String line, String name) {
        for (String pair : line.trim().split(" ")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + line);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
