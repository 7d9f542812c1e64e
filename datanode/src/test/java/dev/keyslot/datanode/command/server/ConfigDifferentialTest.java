package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** CONFIG GET / SET / RESETSTAT / HELP compared with redis-server 7.0. */
class ConfigDifferentialTest {
    /** Options the harness sets differently on the two servers, or that describe the process itself. */
    private static final Set<String> PER_PROCESS = Set.of("port", "dir", "logfile", "save", "pidfile", "daemonize",
            "appendonly", "bind");
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void getSingleOptionsAndAliases() {
        diff.checkAll("CONFIG GET maxmemory", "CONFIG GET MAXMEMORY", "CONFIG GET timeout", "CONFIG GET hz",
                "CONFIG GET slave-read-only", "CONFIG GET replica-read-only", "CONFIG GET nosuchoption",
                "CONFIG GET maxmemory MAXMEMORY", "CONFIG GET client-output-buffer-limit",
                "CONFIG GET notify-keyspace-events", "CONFIG GET latency-tracking-info-percentiles",
                "CONFIG GET hash-max-listpack-entries", "CONFIG GET list-max-ziplist-size", "CONFIG GET requirepass",
                "CONFIG GET proto-max-bulk-len", "CONFIG GET maxmemory-policy", "CONFIG GET cluster-enabled",
                "CONFIG GET replicaof", "CONFIG GET oom-score-adj-values", "CONFIG GET unixsocketperm",
                "CONFIG GET", "CONFIG GET slowlog-log-slower-than", "CONFIG GET latency-monitor-threshold");
    }

    @Test
    void globPatternsMatchTheSameOptionsWithTheSameValues() {
        for (String pattern : new String[] {"maxmemory*", "*max*", "slave*", "repl-*", "cluster-*", "tls-*", "?z",
                "[hz]z", "lazyfree-lazy-*", "*-ziplist-*", "client-*"}) {
            assertThat(options(diff.nodeConnection().call("CONFIG", "GET", pattern)))
                    .as(pattern).isEqualTo(options(diff.redisConnection().call("CONFIG", "GET", pattern)));
        }
        Map<String, Object> node = options(diff.nodeConnection().call("CONFIG", "GET", "time*", "maxmemory-p*", "hz"));
        assertThat(node).isEqualTo(options(diff.redisConnection().call("CONFIG", "GET", "time*", "maxmemory-p*", "hz")));
    }

    @Test
    void everyRedisDirectiveExistsWithTheSameDefault() {
        Map<String, Object> redis = options(diff.redisConnection().call("CONFIG", "GET", "*"));
        Map<String, Object> node = options(diff.nodeConnection().call("CONFIG", "GET", "*"));
        Set<String> extra = new HashSet<>(node.keySet());
        extra.removeAll(redis.keySet());
        assertThat(extra).containsExactly("metrics-port");
        for (Map.Entry<String, Object> e : redis.entrySet()) {
            if (!PER_PROCESS.contains(e.getKey())) {
                assertThat(node.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void setNormalisesValuesLikeRedis() {
        diff.checkAll("CONFIG SET maxmemory 1GB", "CONFIG GET maxmemory", "CONFIG SET maxmemory 10mb",
                "CONFIG GET maxmemory", "CONFIG SET maxmemory 1k", "CONFIG GET maxmemory", "CONFIG SET maxmemory 0",
                "CONFIG SET maxmemory-policy ALLKEYS-LRU", "CONFIG GET maxmemory-policy",
                "CONFIG SET maxmemory-policy noeviction", "CONFIG SET activerehashing NO",
                "CONFIG GET activerehashing", "CONFIG SET activerehashing yes", "CONFIG SET hz 1000", "CONFIG GET hz",
                "CONFIG SET hz 0", "CONFIG GET hz", "CONFIG SET hz 10", "CONFIG SET notify-keyspace-events KEA",
                "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events nxgm",
                "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events An",
                "CONFIG GET notify-keyspace-events", "CONFIG SET notify-keyspace-events $lshzxetdKE",
                "CONFIG GET notify-keyspace-events", "CONFIG SET maxmemory-clients 5%", "CONFIG GET maxmemory-clients",
                "CONFIG SET maxmemory-clients 0");
        diff.check("CONFIG", "SET", "notify-keyspace-events", "");
        diff.check("CONFIG", "SET", "save", "100 1 20 3");
        diff.check("CONFIG", "GET", "save");
        diff.check("CONFIG", "SET", "save", "0100 1");
        diff.check("CONFIG", "GET", "save");
        diff.check("CONFIG", "SET", "save", "");
        diff.check("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 2mb 3 pubsub 1 2 3");
        diff.check("CONFIG", "GET", "client-output-buffer-limit");
        diff.check("CONFIG", "SET", "client-output-buffer-limit", "replica 1 2 3");
        diff.check("CONFIG", "GET", "client-output-buffer-limit");
        diff.check("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.99 100");
        diff.check("CONFIG", "GET", "latency-tracking-info-percentiles");
        diff.check("CONFIG", "SET", "latency-tracking-info-percentiles", "");
        diff.check("CONFIG", "GET", "latency-tracking-info-percentiles");
        diff.check("CONFIG", "SET", "oom-score-adj-values", "1 2 3");
        diff.check("CONFIG", "GET", "oom-score-adj-values");
    }

    @Test
    void memoryValuesReadAsMemtoullDoes() {
        for (String value : new String[] {"k", "", "mb", "2\0junk", "1k\0x", "-1", "+1", "1.5k"}) {
            diff.check("CONFIG", "SET", "maxmemory", value);
            diff.check("CONFIG", "GET", "maxmemory");
            diff.check("CONFIG", "SET", "client-output-buffer-limit", "pubsub " + value + " 1mb 60");
            diff.check("CONFIG", "GET", "client-output-buffer-limit");
        }
        diff.checkAll("CONFIG SET maxmemory 0", "CONFIG SET client-output-buffer-limit pubsub 32mb 8mb 60");
    }

    @Test
    void shutdownOnSignalOptionsTakeSeveralFlags() {
        for (String option : new String[] {"shutdown-on-sigterm", "shutdown-on-sigint"}) {
            for (String value : new String[] {"nosave now force", "force now", "FORCE Save", "default now",
                    "save nosave", "now now", "default", "now  force", " now", "now ", "", "bogus", "now bogus",
                    "default default", "force"}) {
                diff.check("CONFIG", "SET", option, value);
                diff.check("CONFIG", "GET", option);
            }
        }
        diff.check("CONFIG", "SET", "shutdown-on-sigterm", "nosave now", "shutdown-on-sigint", "save");
        diff.checkAll("CONFIG GET shutdown-on-sigterm", "CONFIG GET shutdown-on-sigint");
        diff.checkAll("CONFIG SET shutdown-on-sigterm default shutdown-on-sigint default");
    }

    @Test
    void setSeveralOptionsAtOnce() {
        diff.checkAll("CONFIG SET timeout 5 maxmemory-samples 7", "CONFIG GET timeout", "CONFIG GET maxmemory-samples",
                "CONFIG SET timeout 1 timeout 2", "CONFIG SET timeout 0 maxmemory-samples 5");
    }

    @Test
    void failedSetChangesNothing() {
        diff.checkAll("CONFIG SET timeout 7 maxmemory-samples 0", "CONFIG GET timeout",
                "CONFIG SET maxmemory-samples 9 hz abc", "CONFIG GET maxmemory-samples");
    }

    @Test
    void setErrorsMatchRedis() {
        diff.checkAll("CONFIG SET foo bar", "CONFIG SET daemonize yes",
                "CONFIG SET maxmemory 10x", "CONFIG SET maxmemory -1", "CONFIG SET maxmemory 1.5",
                "CONFIG SET maxmemory 10mb timeout x", "CONFIG SET timeout", "CONFIG SET timeout 1 hz",
                "CONFIG SET appendonly maybe", "CONFIG SET maxmemory-policy bogus", "CONFIG SET loglevel bogus",
                "CONFIG SET hz -1", "CONFIG SET save abc", "CONFIG SET save 100", "CONFIG SET save 0 1",
                "CONFIG SET notify-keyspace-events Q", "CONFIG SET client-output-buffer-limit bad",
                "CONFIG SET client-output-buffer-limit master 1 2 3",
                "CONFIG SET client-output-buffer-limit normal x 2 3",
                "CONFIG SET latency-tracking-info-percentiles 101",
                "CONFIG SET latency-tracking-info-percentiles abc", "CONFIG SET slaveof x",
                "CONFIG SET replicaof x", "CONFIG SET dir /nonexistent", "CONFIG SET dbfilename x.rdb",
                "CONFIG SET timeout 2147483648", "CONFIG SET timeout 007", "CONFIG SET timeout -0",
                "CONFIG SET maxclients 0", "CONFIG SET proto-max-bulk-len 100", "CONFIG SET hz 1 foo 2",
                "CONFIG SET foo 1 daemonize yes", "CONFIG SET daemonize yes foo 1",
                "CONFIG SET oom-score-adj-values 1", "CONFIG SET oom-score-adj-values 1 2 3000",
                "CONFIG SET maxmemory-clients 101%", "CONFIG SET cluster-enabled yes", "CONFIG SET databases 4",
                "CONFIG SET SLAVE-READ-ONLY maybe", "CONFIG SET TIMEOUT x");
    }

    @Test
    void portAndBindChangesThatCannotBeAppliedAreRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            diff.checkAll("CONFIG SET port " + taken.getLocalPort(), "CONFIG SET bind 10.99.99.99",
                    "CONFIG SET port abc", "CONFIG SET port 70000", "PING", "CONFIG SET timeout 5 bind 10.99.99.99",
                    "CONFIG GET timeout");
        }
        diff.reconnect();
        diff.checkAll("PING", "CONFIG SET timeout 0");
    }

    @Test
    void bindNarrowsFromEveryAddressToLoopbackOnTheSamePort() {
        try (Differential wildcard = new Differential("--bind", "* -::*")) {
            wildcard.check("CONFIG", "SET", "bind", "127.0.0.1 -::1");
            wildcard.checkAll("CONFIG GET bind");
            wildcard.reconnect();
            wildcard.checkAll("PING");
            wildcard.check("CONFIG", "SET", "bind", "* -::*");
            wildcard.reconnect();
            wildcard.checkAll("PING", "CONFIG GET bind");
        }
    }

    @Test
    void anEmptyBindStopsListeningUntilAnAddressIsBoundAgain() {
        try (Differential loopback = new Differential("--bind", "127.0.0.1")) {
            loopback.check("CONFIG", "SET", "bind", "");
            loopback.checkAll("CONFIG GET bind");
            for (boolean redis : new boolean[] {true, false}) {
                int port = redis ? loopback.redis().port() : loopback.node().port();
                assertThat(refused(port)).as(redis ? "redis-server" : "data node").isTrue();
            }
            loopback.check("CONFIG", "SET", "bind", "127.0.0.1");
            loopback.reconnect();
            loopback.checkAll("PING");
        }
    }

    private static boolean refused(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void replBacklogSizeIsRaisedToItsMinimum() {
        diff.checkAll("CONFIG SET repl-backlog-size 1", "CONFIG GET repl-backlog-size",
                "CONFIG SET repl-backlog-size 16383", "CONFIG GET repl-backlog-size",
                "CONFIG SET repl-backlog-size 20000", "CONFIG GET repl-backlog-size",
                "CONFIG SET repl-backlog-size 1mb");
    }

    @Test
    void portChangeMovesTheListener() {
        for (boolean redis : new boolean[] {true, false}) {
            RawConnection conn = redis ? diff.redisConnection() : diff.nodeConnection();
            int original = redis ? diff.redis().port() : diff.node().port();
            int moved = Ports.free();
            assertThat(conn.callString("CONFIG", "SET", "port", Integer.toString(moved))).isEqualTo("+OK\r\n");
            Ports.awaitListening("127.0.0.1", moved, 5000);
            try (RawConnection other = new RawConnection("127.0.0.1", moved)) {
                assertThat(other.callString("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(conn.callString("PING")).as("existing connections stay").isEqualTo("+PONG\r\n");
            assertThat(conn.callString("CONFIG", "SET", "port", Integer.toString(original))).isEqualTo("+OK\r\n");
            Ports.awaitListening("127.0.0.1", original, 5000);
        }
    }

    @Test
    void requirepassTakesEffectForNewConnections() {
        diff.checkAll("CONFIG SET requirepass secret", "CONFIG GET requirepass", "PING");
        diff.reconnect();
        diff.checkAll("PING", "AUTH wrong", "AUTH secret", "CONFIG SET requirepass \"\"");
        diff.check("CONFIG", "SET", "requirepass", "");
        diff.reconnect();
        diff.check("PING");
    }

    @Test
    void resetStatClearsCommandAndErrorStatistics() {
        diff.checkAll("SET k v", "GET k", "NOSUCHCOMMAND", "CONFIG RESETSTAT");
        for (RawConnection conn : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            String stats = (String) RespParser.parse(conn.call("INFO", "commandstats"));
            assertThat(stats).contains("cmdstat_config|resetstat").doesNotContain("cmdstat_set")
                    .doesNotContain("cmdstat_get:");
            assertThat((String) RespParser.parse(conn.call("INFO", "errorstats"))).doesNotContain("errorstat_ERR");
        }
    }

    @Test
    void rewriteWithoutConfigFileAndHelp() {
        diff.checkAll("CONFIG REWRITE", "CONFIG HELP", "config help", "CONFIG RESETSTAT extra", "CONFIG FOO",
                "CONFIG", "CONFIG HELP extra");
    }

    @Test
    void protectedConfigsWhenEnabled() {
        try (Differential enabled = new Differential("--enable-protected-configs", "yes")) {
            enabled.checkAll("CONFIG SET dbfilename other.rdb", "CONFIG GET dbfilename", "CONFIG SET dbfilename a/b.rdb",
                    "CONFIG SET dir /nonexistent-dir", "CONFIG SET dir /tmp", "CONFIG GET dir",
                    "CONFIG SET enable-protected-configs no");
        }
    }

    @Test
    void resp3RepliesAreMaps() {
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.checkAll("CONFIG GET maxmemory", "CONFIG GET nosuchoption", "CONFIG GET timeout TIMEOUT");
    }

    private static Map<String, Object> options(byte[] reply) {
        return RespParser.asMap(reply);
    }
}
