package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replication stream a replica receives for each rewritten command, compared with what redis-server 7.0
 * sends for the same commands. Absolute times differ between the two runs, so 13-digit numbers (Unix times
 * in milliseconds) are compared as placeholders.
 */
class RewriteStreamTest {
    private static RedisServerProcess redis;
    private static EmbeddedDataNode node;
    private static Side redisSide;
    private static Side nodeSide;
    private static int fences;

    private record Side(String name, RawConnection conn, RawConnection other, FakeReplica replica) {
        List<String> until(String fence) {
            try {
                return replica.until(fence);
            } catch (java.io.IOException e) {
                throw new AssertionError(name + ": replication stream not received", e);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
        node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0");
        redisSide = side("redis-server", redis.host(), redis.port());
        nodeSide = side("data node", node.host(), node.port());
    }

    private static Side side(String name, String host, int port) throws Exception {
        return new Side(name, new RawConnection(host, port), new RawConnection(host, port), new FakeReplica(host, port, true));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Side s : new Side[] {redisSide, nodeSide}) {
            if (s != null) {
                s.conn.close();
                s.other.close();
                s.replica.close();
            }
        }
        node.close();
        redis.close();
    }

    /** Runs the commands on both servers and asserts both replication streams carry the same commands. */
    private static List<String> same(String... commands) throws Exception {
        String fence = "fence" + (++fences);
        List<List<String>> streams = new ArrayList<>();
        for (Side s : new Side[] {redisSide, nodeSide}) {
            for (String command : commands) {
                s.conn.call(command.split(" "));
            }
            s.conn.call("SET", "__fence__", fence);
            streams.add(normalized(s.until("SET __fence__ " + fence)));
        }
        assertThat(streams.get(1)).as("data node stream").isEqualTo(streams.get(0));
        return streams.get(0);
    }

    private static List<String> normalized(List<String> stream) {
        List<String> out = new ArrayList<>();
        for (String c : stream) {
            out.add(c.replaceAll("\\b\\d{13}\\b", "<ms>"));
        }
        return out;
    }

    @Test
    void setWithRelativeExpiryBecomesAbsolute() throws Exception {
        long at = System.currentTimeMillis() / 1000 + 100;
        List<String> s = same("SET k v EX 100", "SET k v PX 100000", "SET k v EXAT " + at, "SETEX k 100 v",
                "PSETEX k 100000 v", "SET k v2 KEEPTTL", "SET k v3 GET", "SET k v4 EX 10 GET", "SET k v NX",
                "SET k v XX", "GETSET k v5", "SET n 1 EX 100 NX");
        assertThat(s).contains("0 SET k v PXAT <ms>", "0 SET k v3");
    }

    @Test
    void getexAndGetdel() throws Exception {
        long past = System.currentTimeMillis() - 1000;
        same("SET g v", "GETEX g EX 100", "GETEX g PERSIST", "GETEX g", "GETEX g PX 5000", "GETEX g PXAT " + past,
                "SET g v", "GETDEL g", "GETDEL g");
    }

    @Test
    void expireFamilyBecomesPexpireatOrDel() throws Exception {
        long sec = System.currentTimeMillis() / 1000 + 100;
        same("SET e v", "EXPIRE e 100", "PEXPIRE e 100000", "EXPIREAT e " + sec, "PEXPIREAT e " + sec * 1000,
                "EXPIRE e 100 GT", "EXPIRE e 50 GT", "EXPIRE e 10 LT", "EXPIRE missing 10", "PERSIST e",
                "EXPIRE e -1", "SET e v", "PEXPIREAT e 1000");
    }

    @Test
    void floatIncrementsBecomeSets() throws Exception {
        same("SET f 1.5", "PEXPIRE f 100000", "INCRBYFLOAT f 2.25", "INCRBYFLOAT nf 3", "HINCRBYFLOAT h x 1.5",
                "HINCRBYFLOAT h x 1e2");
    }

    @Test
    void spopBecomesSremOrDel() throws Exception {
        same("SADD s1 a", "SPOP s1", "SADD s2 a b c", "SPOP s2 5", "SADD s3 only", "SPOP s3 1", "SPOP missing 3");
    }

    @Test
    void multiPopsBecomePopsWithCounts() throws Exception {
        same("RPUSH l a b c d", "LMPOP 2 nol l LEFT COUNT 3", "RPUSH l x y", "LMPOP 1 l RIGHT",
                "ZADD z 1 a 2 b 3 c", "ZMPOP 1 z MIN COUNT 10", "ZADD z 1 a 2 b", "ZMPOP 1 z MAX", "ZPOPMIN z 5");
    }

    @Test
    void blockingPopsServedAtOnceBecomeTheirPlainForms() throws Exception {
        same("RPUSH l a b c d e f", "BLPOP l 0", "BRPOP l 0", "BLMPOP 0 1 l RIGHT COUNT 2", "RPUSH l g",
                "BLMOVE l d left right 0", "BRPOPLPUSH d l 0", "ZADD z 1 a 2 b 3 c 4 d", "BZPOPMIN z 0",
                "BZPOPMAX z 0", "BZMPOP 0 1 z MIN COUNT 5");
    }

    /** Waits until the other connection is blocked in command, so the push that follows serves a blocked client. */
    private static void awaitBlocked(RawConnection conn, String command) {
        Datasets.await("the " + command + " to block", 10_000,
                () -> conn.callString("CLIENT", "LIST").contains("cmd=" + command));
    }

    @Test
    void blockingPopsServedLaterArePropagatedAfterThePush() throws Exception {
        String fence = "fence" + (++fences);
        List<List<String>> streams = new ArrayList<>();
        for (Side s : new Side[] {redisSide, nodeSide}) {
            s.other.send(RawConnection.encode("BLPOP", "wl", "0"));
            awaitBlocked(s.conn, "blpop");
            s.conn.call("RPUSH", "wl", "a", "b");
            s.other.readReply();
            s.other.send(RawConnection.encode("BLMOVE", "wl2", "dst", "LEFT", "RIGHT", "0"));
            awaitBlocked(s.conn, "blmove");
            s.conn.call("RPUSH", "wl2", "x");
            s.other.readReply();
            s.other.send(RawConnection.encode("BZMPOP", "0", "1", "wz", "MAX", "COUNT", "3"));
            awaitBlocked(s.conn, "bzmpop");
            s.conn.call("ZADD", "wz", "1", "a", "2", "b");
            s.other.readReply();
            s.conn.call("SET", "__fence__", fence);
            streams.add(s.until("SET __fence__ " + fence));
        }
        assertThat(streams.get(1)).isEqualTo(streams.get(0));
        assertThat(streams.get(0)).contains("0 LPOP wl");
    }

    @Test
    void restoreGetsAnAbsoluteTtl() throws Exception {
        RawConnection dumper = new RawConnection(redis.host(), redis.port());
        dumper.call("SET", "src", "value");
        byte[] reply = dumper.call("DUMP", "src");
        dumper.close();
        String header = new String(reply, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = header.indexOf("\r\n") + 2;
        byte[] payload = java.util.Arrays.copyOfRange(reply, start, reply.length - 2);
        String fence = "fence" + (++fences);
        List<List<String>> streams = new ArrayList<>();
        for (Side s : new Side[] {redisSide, nodeSide}) {
            s.conn.send(RawConnection.encode("RESTORE".getBytes(), "r1".getBytes(), "100000".getBytes(), payload));
            s.conn.readReply();
            s.conn.send(RawConnection.encode("RESTORE".getBytes(), "r2".getBytes(), "0".getBytes(), payload));
            s.conn.readReply();
            s.conn.call("SET", "__fence__", fence);
            List<String> stream = new ArrayList<>();
            for (String c : s.until("SET __fence__ " + fence)) {
                if (c.startsWith("0 SET src ")) {
                    continue;
                }
                String[] w = c.split(" ");
                stream.add(w[0] + " " + w[1] + " " + w[2] + " " + w[3].replaceAll("^\\d{13}$", "<ms>")
                        + (c.endsWith(" ABSTTL") ? " ABSTTL" : ""));
            }
            streams.add(stream);
        }
        assertThat(streams.get(1)).isEqualTo(streams.get(0));
    }

    @Test
    void flushesAreAlwaysPropagatedAndSwapdbAndPublishToo() throws Exception {
        same("FLUSHALL", "FLUSHDB", "SELECT 2", "SET a 1", "SWAPDB 0 2", "FLUSHDB ASYNC", "SELECT 0",
                "PUBLISH chan msg");
    }
}
