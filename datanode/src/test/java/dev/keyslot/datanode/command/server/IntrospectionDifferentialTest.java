package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** COMMAND and INFO compared with redis-server 7.0 (for the commands and fields both servers have). */
class IntrospectionDifferentialTest {
    /** The commands of this package and the connection package; key commands belong to other families. */
    private static final String[] IMPLEMENTED = {"ping", "echo", "quit", "select", "swapdb", "auth", "hello", "reset",
        "client", "config", "info", "command", "dbsize", "flushdb", "flushall", "time", "lastsave", "slowlog",
        "latency", "debug", "memory", "shutdown"};
    /** Redis lists subcommands in hash order, so containers are compared by subcommand name. */
    private static final Set<String> CONTAINERS = Set.of("client", "config", "command", "slowlog", "latency", "memory");
    @RegisterExtension
    static final Differential diff = Differential.perClass();

    @Test
    void commandInfoOfImplementedCommandsMatchesRedis() {
        for (String name : IMPLEMENTED) {
            if (!CONTAINERS.contains(name)) {
                diff.check("COMMAND", "INFO", name);
            }
        }
        diff.checkAll("COMMAND INFO ping echo nosuchcommand", "COMMAND INFO config|get", "COMMAND INFO CONFIG|SET",
                "COMMAND INFO client|list client|kill client|pause client|setname client|reply client|no-evict",
                "COMMAND INFO memory|usage memory|stats memory|doctor memory|purge memory|help",
                "COMMAND INFO latency|latest latency|history latency|reset latency|doctor latency|help",
                "COMMAND INFO config|nosuch nosuch|get");
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.checkAll("COMMAND INFO ping nosuchcommand", "COMMAND INFO hello select", "COMMAND INFO memory|usage");
    }

    @Test
    void containersListOnlyTheSubcommandsTheyHave() {
        for (String container : CONTAINERS) {
            List<?> redis = (List<?>) ((List<?>) RespParser.parse(diff.redisConnection().call("COMMAND", "INFO", container))).get(0);
            List<?> node = (List<?>) ((List<?>) RespParser.parse(diff.nodeConnection().call("COMMAND", "INFO", container))).get(0);
            assertThat(node.subList(0, 9)).as(container).isEqualTo(redis.subList(0, 9));
            Map<Object, Object> redisSubs = byName((List<?>) redis.get(9));
            Map<Object, Object> nodeSubs = byName((List<?>) node.get(9));
            for (Map.Entry<Object, Object> sub : nodeSubs.entrySet()) {
                assertThat(sub.getValue()).as(sub.getKey().toString()).isEqualTo(redisSubs.get(sub.getKey()));
            }
            if (Set.of("config", "slowlog").contains(container)) {
                assertThat(nodeSubs.keySet()).as(container).isEqualTo(redisSubs.keySet());
            }
        }
    }

    @Test
    void getKeysAndErrors() {
        diff.checkAll("COMMAND GETKEYS get k", "COMMAND GETKEYS set a b", "COMMAND GETKEYS del a b c",
                "COMMAND GETKEYS memory usage k", "COMMAND GETKEYS ping", "COMMAND GETKEYS foo bar",
                "COMMAND GETKEYS get a b", "COMMAND GETKEYS config foo x", "COMMAND GETKEYS config get x",
                "COMMAND GETKEYS ping x", "COMMAND GETKEYSANDFLAGS memory usage k",
                "COMMAND GETKEYS", "COMMAND GETKEYS get");
    }

    @Test
    void listFiltersAndCount() {
        diff.checkAll("COMMAND LIST FILTERBY MODULE x", "COMMAND LIST FILTERBY ACLCAT nosuch", "COMMAND LIST FILTERBY foo x",
                "COMMAND LIST foo", "COMMAND LIST FILTERBY PATTERN", "COMMAND COUNT extra", "COMMAND HELP",
                "command help", "COMMAND FOO");
        Set<String> node = names(diff.nodeConnection().call("COMMAND", "LIST"));
        Set<String> redis = names(diff.redisConnection().call("COMMAND", "LIST"));
        assertThat(node).containsExactlyInAnyOrderElementsOf(redis);
        assertThat(node).contains("config|get", "client|list", "get");
        assertThat((Long) RespParser.parse(diff.nodeConnection().call("COMMAND", "COUNT")))
                .isEqualTo(((List<?>) RespParser.parse(diff.nodeConnection().call("COMMAND"))).size());
        Set<String> pattern = names(diff.nodeConnection().call("COMMAND", "LIST", "FILTERBY", "PATTERN", "conf*"));
        assertThat(pattern).containsExactlyInAnyOrderElementsOf(
                names(diff.redisConnection().call("COMMAND", "LIST", "FILTERBY", "PATTERN", "conf*")));
        Set<String> connection = names(diff.nodeConnection().call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"));
        Set<String> redisConnection = names(diff.redisConnection().call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection"));
        assertThat(connection).containsExactlyInAnyOrderElementsOf(redisConnection);
    }

    @Test
    void infoSectionsHaveRedisFieldNames() {
        diff.checkAll("SET k v", "GET k", "NOSUCH", "CONFIG SET latency-tracking yes");
        for (String section : new String[] {"server", "clients", "memory", "persistence", "stats", "replication",
                "cpu", "modules", "errorstats", "cluster", "keyspace"}) {
            assertThat(fields(diff.nodeConnection(), section)).as(section)
                    .containsExactlyElementsOf(fields(diff.redisConnection(), section));
        }
        assertThat(fields(diff.nodeConnection(), "commandstats")).contains("cmdstat_set", "cmdstat_get");
        assertThat(fields(diff.nodeConnection(), "latencystats"))
                .contains("latency_percentiles_usec_set", "latency_percentiles_usec_get");
        assertThat(infoText(diff.nodeConnection(), "latencystats")).contains(":p50=").contains(",p99=").contains(",p99.9=");
        assertThat(infoText(diff.nodeConnection(), "commandstats")).containsPattern(
                "cmdstat_get:calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=0,failed_calls=0");
    }

    @Test
    void infoSelectionAndHeaders() {
        diff.checkAll("INFO foo", "INFO foo bar", "SET k v");
        for (String[] args : new String[][] {{"INFO"}, {"INFO", "default"}, {"INFO", "all"}, {"INFO", "everything"},
                {"INFO", "server", "CLIENTS"}, {"INFO", "keyspace"}, {"INFO", "commandstats", "cpu"}}) {
            assertThat(headers(diff.nodeConnection().call(args))).as(String.join(" ", args))
                    .isEqualTo(headers(diff.redisConnection().call(args)));
        }
        diff.check("INFO", "keyspace");
        diff.check("INFO", "cluster");
        diff.check("INFO", "modules");
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("HELLO", "3");
        diff.check("INFO", "keyspace");
    }

    @Test
    void instantaneousOpsReflectRecentTraffic() throws Exception {
        byte[] batch = "PING\r\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (RawConnection conn : new RawConnection[] {diff.redisConnection(), diff.nodeConnection()}) {
            for (int round = 0; round < 20; round++) {
                conn.send(batch);
                for (int i = 0; i < 100; i++) {
                    conn.readReply();
                }
                Thread.sleep(30);
            }
            String stats = infoText(conn, "stats");
            long ops = Long.parseLong(stats.replaceAll("(?s).*instantaneous_ops_per_sec:(\\d+).*", "$1"));
            assertThat(ops).isPositive();
            assertThat(stats).containsPattern("instantaneous_input_kbps:\\d+\\.\\d\\d\r\n");
        }
    }

    private static Map<Object, Object> byName(List<?> infos) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Object info : infos) {
            map.put(((List<?>) info).get(0), info);
        }
        return map;
    }

    private static Set<String> names(byte[] reply) {
        Set<String> names = new HashSet<>();
        for (Object o : (List<?>) RespParser.parse(reply)) {
            names.add((String) o);
        }
        return names;
    }

    private static String infoText(RawConnection conn, String section) {
        return (String) RespParser.parse(conn.call("INFO", section));
    }

    private static List<String> fields(RawConnection conn, String section) {
        List<String> names = new ArrayList<>();
        for (String line : infoText(conn, section).split("\r\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line.substring(0, line.indexOf(':')));
            }
        }
        return names;
    }

    private static List<String> headers(byte[] reply) {
        List<String> headers = new ArrayList<>();
        for (String line : ((String) RespParser.parse(reply)).split("\r\n", -1)) {
            if (line.startsWith("#") || line.isEmpty()) {
                headers.add(line);
            }
        }
        return headers;
    }
}
