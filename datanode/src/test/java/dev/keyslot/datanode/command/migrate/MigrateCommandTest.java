package dev.keyslot.datanode.command.migrate;

import dev.keyslot.datanode.testing.ByteArrays;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MIGRATE from the data node and from redis-server to a redis-server target: same replies, same effect,
 * while the data node keeps serving other clients during the transfer.
 */
class MigrateCommandTest {
    private static RedisServerProcess target;
    private static RedisServerProcess redisSource;
    private static EmbeddedDataNode nodeSource;
    private static RawConnection t;
    private static RawConnection r;
    private static RawConnection n;

    @BeforeAll
    static void start() {
        target = RedisServerProcess.start();
        redisSource = RedisServerProcess.start();
        nodeSource = EmbeddedDataNode.start();
        t = new RawConnection(target.host(), target.port());
        r = new RawConnection(redisSource.host(), redisSource.port());
        n = new RawConnection(nodeSource.host(), nodeSource.port());
    }

    @AfterAll
    static void stop() {
        t.close();
        r.close();
        n.close();
        target.close();
        redisSource.close();
        nodeSource.close();
    }

    @BeforeEach
    void reset() {
        t.call("FLUSHALL");
        r.call("FLUSHALL");
        n.call("FLUSHALL");
    }

    /** Runs the same MIGRATE on both sources (to dbs 1 and 2 of the target) and compares the replies. */
    private String both(String... tail) {
        String[] forRedis = migrate(tail, "1");
        String[] forNode = migrate(tail, "2");
        String expected = r.callString(forRedis);
        String actual = n.callString(forNode);
        assertThat(actual).as("MIGRATE %s", String.join(" ", tail)).isEqualTo(expected);
        return actual;
    }

    private static String[] migrate(String[] tail, String db) {
        String[] args = new String[tail.length + 1];
        args[0] = "MIGRATE";
        System.arraycopy(tail, 0, args, 1, tail.length);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("DB")) {
                args[i] = db;
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("HOST")) {
                args[i] = target.host();
            } else if (args[i].equals("PORT")) {
                args[i] = Integer.toString(target.port());
            }
        }
        return args;
    }

    private static void onBoth(String... command) {
        assertThat(n.callString(command)).isEqualTo(r.callString(command));
    }

    @Test
    void movesKeysWithTtlAndDeletesThem() {
        onBoth("SET", "a", "1");
        onBoth("SET", "b", "2", "EX", "100");
        assertThat(both("HOST", "PORT", "a", "DB", "5000")).isEqualTo("+OK\r\n");
        assertThat(both("HOST", "PORT", "", "DB", "5000", "KEYS", "b", "missing")).isEqualTo("+OK\r\n");
        onBoth("EXISTS", "a", "b");
        t.call("SELECT", "2");
        assertThat(t.callString("GET", "a")).isEqualTo("$1\r\n1\r\n");
        assertThat(t.callString("TTL", "b")).matches(":(99|100)\r\n");
        t.call("SELECT", "0");
    }

    @Test
    void infoCountsCachedConnectionsUntilTheyIdleOut() throws InterruptedException {
        onBoth("SET", "cached", "1");
        both("HOST", "PORT", "cached", "DB", "5000");
        assertThat(cachedSockets(n)).isEqualTo(cachedSockets(r)).isEqualTo("1");
        // Both close a connection unused for 10 s on their next cron tick.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && !(cachedSockets(n).equals("0") && cachedSockets(r).equals("0"))) {
            Thread.sleep(200);
        }
        assertThat(cachedSockets(n)).isEqualTo(cachedSockets(r)).isEqualTo("0");
    }

    private static String cachedSockets(RawConnection c) {
        return c.callString("INFO", "stats").lines().filter(l -> l.startsWith("migrate_cached_sockets:"))
                .findFirst().orElseThrow().substring("migrate_cached_sockets:".length());
    }

    @Test
    void copyKeepsTheSourceAndReplaceOverwrites() {
        onBoth("SET", "k", "v1");
        assertThat(both("HOST", "PORT", "k", "DB", "5000", "COPY")).isEqualTo("+OK\r\n");
        onBoth("GET", "k");
        String busy = both("HOST", "PORT", "k", "DB", "5000", "COPY");
        assertThat(busy).startsWith("-ERR Target instance replied with error: BUSYKEY");
        onBoth("SET", "k", "v2");
        assertThat(both("HOST", "PORT", "k", "DB", "5000", "REPLACE")).isEqualTo("+OK\r\n");
        t.call("SELECT", "2");
        assertThat(t.callString("GET", "k")).isEqualTo("$2\r\nv2\r\n");
        t.call("SELECT", "0");
    }

    @Test
    void errorsAndNokey() {
        both("HOST", "PORT", "nothing", "DB", "5000");
        both("HOST", "PORT", "x", "DB", "5000", "KEYS", "a");
        both("HOST", "PORT", "x", "DB", "5000", "BOGUS");
        both("HOST", "PORT", "x", "DB", "5000", "AUTH");
        both("HOST", "PORT", "x", "notanumber", "5000");
        onBoth("SET", "x", "1");
        both("HOST", "PORT", "x", "DB", "5000", "AUTH", "wrongpass");
    }

    @Test
    void unreachableTargetIsAnIoError() {
        n.call("SET", "x", "1");
        r.call("SET", "x", "1");
        String[] args = {"MIGRATE", "127.0.0.1", "1", "x", "0", "200"};
        assertThat(n.callString(args)).isEqualTo(r.callString(args));
        assertThat(n.callString("GET", "x")).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void insideExecMigrateRunsInPlaceAndTheRepliesStayInOrder() {
        onBoth("SET", "a", "1");
        onBoth("SET", "b", "2");
        String dead = Integer.toString(Ports.free());
        assertThat(pipelined(n, "2", dead)).isEqualTo(pipelined(r, "1", dead))
                .isEqualTo("+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n"
                        + "*4\r\n+OK\r\n-IOERR error or timeout writing to target instance\r\n+NOKEY\r\n$1\r\n2\r\n"
                        + ":1\r\n+PONG\r\n");
        t.call("SELECT", "2");
        assertThat(t.callString("GET", "a")).isEqualTo("$1\r\n1\r\n");
        t.call("SELECT", "0");
    }

    /** MULTI, MIGRATE a to the target, b to a closed port, a missing key; GET b, EXEC, and two commands after. */
    private static String pipelined(RawConnection c, String db, String deadPort) {
        String host = target.host();
        String port = Integer.toString(target.port());
        c.send(ByteArrays.concat(RawConnection.encode("MULTI"),
                RawConnection.encode("MIGRATE", host, port, "a", db, "5000"),
                RawConnection.encode("MIGRATE", "127.0.0.1", deadPort, "b", db, "5000"),
                RawConnection.encode("MIGRATE", host, port, "zz", db, "5000"),
                RawConnection.encode("GET", "b"),
                RawConnection.encode("EXEC"),
                RawConnection.encode("EXISTS", "a", "b"),
                RawConnection.encode("PING")));
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            replies.append(c.readReplyString());
        }
        return replies.toString();
    }

    @Test
    void aScriptGetsMigrateRepliesFromItsCalls() {
        onBoth("SET", "c", "3");
        onBoth("SET", "d", "4");
        String dead = Integer.toString(Ports.free());
        String script = "local moved = redis.call('MIGRATE', KEYS[1], KEYS[2], 'c', ARGV[1], '5000') "
                + "local failed = redis.pcall('MIGRATE', '127.0.0.1', KEYS[3], 'd', ARGV[1], '5000') "
                + "return {moved, failed, redis.call('EXISTS', 'c', 'd')}";
        String host = target.host();
        String port = Integer.toString(target.port());
        String fromRedis = r.callString("EVAL", script, "3", host, port, dead, "1");
        String fromNode = n.callString("EVAL", script, "3", host, port, dead, "2");
        assertThat(fromNode).isEqualTo(fromRedis)
                .isEqualTo("*3\r\n+OK\r\n-IOERR error or timeout writing to target instance\r\n:1\r\n");
        t.call("SELECT", "2");
        assertThat(t.callString("GET", "c")).isEqualTo("$1\r\n3\r\n");
        t.call("SELECT", "0");
    }

    @Test
    void otherClientsAreServedAndPipelinedRequestsWaitTheirTurn() {
        n.call("SET", "big", "x".repeat(1_000_000));
        try (RawConnection other = new RawConnection(nodeSource.host(), nodeSource.port())) {
            n.send(RawConnection.encode(migrate(new String[] {"HOST", "PORT", "big", "DB", "5000"}, "3")));
            n.send(RawConnection.encode("EXISTS", "big"));
            assertThat(other.callString("PING")).isEqualTo("+PONG\r\n");
            assertThat(new String(n.readReply())).isEqualTo("+OK\r\n");
            assertThat(new String(n.readReply())).as("EXISTS ran after the migration").isEqualTo(":0\r\n");
        }
    }

    @Test
    void movesEveryCollectionTypeInEveryEncoding() {
        String[] bigHash = new String[2 + 2 * 600];
        String[] bigSet = new String[2 + 600];
        String[] bigZset = new String[2 + 2 * 600];
        String[] bigList = new String[2 + 5000];
        bigHash[0] = "HSET";
        bigSet[0] = "SADD";
        bigZset[0] = "ZADD";
        bigList[0] = "RPUSH";
        bigHash[1] = "bigHash";
        bigSet[1] = "bigSet";
        bigZset[1] = "bigZset";
        bigList[1] = "bigList";
        for (int i = 0; i < 600; i++) {
            bigHash[2 + 2 * i] = "field" + i;
            bigHash[3 + 2 * i] = i % 2 == 0 ? Integer.toString(i * 1000) : "value" + i;
            bigSet[2 + i] = "member" + i;
            bigZset[2 + 2 * i] = Double.toString(i / 7.0);
            bigZset[3 + 2 * i] = "m" + i;
        }
        for (int i = 0; i < 5000; i++) {
            bigList[2 + i] = i % 3 == 0 ? Integer.toString(i - 2500) : "element" + i;
        }
        onBoth(bigHash);
        onBoth(bigSet);
        onBoth(bigZset);
        onBoth(bigList);
        onBoth("HSET", "hash", "a", "1", "b", "-70000", "c", "");
        onBoth("SADD", "intset", "1", "300", "-5000000000");
        onBoth("ZADD", "zset", "1", "a", "2.5", "b", "-inf", "c");
        onBoth("RPUSH", "list", "x", "1", "yyyyy");
        String[] keys = {"bigHash", "bigSet", "bigZset", "bigList", "hash", "intset", "zset", "list"};
        String[] tail = new String[6 + keys.length];
        System.arraycopy(new String[] {"HOST", "PORT", "", "DB", "5000", "KEYS"}, 0, tail, 0, 6);
        System.arraycopy(keys, 0, tail, 6, keys.length);
        assertThat(both(tail)).isEqualTo("+OK\r\n");
        for (String key : keys) {
            t.call("SELECT", "1");
            String fromRedis = contentOf(key);
            t.call("SELECT", "2");
            assertThat(contentOf(key)).as(key).isEqualTo(fromRedis);
        }
        t.call("SELECT", "0");
    }

    /** Type, encoding and elements of a key on the target; hash and set reply lines sorted (dict order). */
    private static String contentOf(String key) {
        String type = t.callString("TYPE", key);
        String reply = switch (type) {
            case "+hash\r\n" -> sortedLines(t.callString("HGETALL", key));
            case "+set\r\n" -> sortedLines(t.callString("SMEMBERS", key));
            case "+zset\r\n" -> t.callString("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> t.callString("LRANGE", key, "0", "-1");
        };
        return type + t.callString("OBJECT", "ENCODING", key) + reply;
    }

    private static String sortedLines(String reply) {
        return String.join("\n", Arrays.stream(reply.split("\r\n")).sorted().toList());
    }
}
