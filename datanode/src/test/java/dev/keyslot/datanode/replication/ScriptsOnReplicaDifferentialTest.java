package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts on a read-only replica, side by side with a redis-server replica of the same master: a script that
 * declares writes is refused before it runs, one without declared flags is stopped at its first write, and
 * once the master is gone with replica-serve-stale-data off only scripts flagged allow-stale run, and then
 * only commands that may run stale. A write slipping through would make the replica diverge from its master.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptsOnReplicaDifferentialTest {
    private static final String LIBRARY = "#!lua name=replicalib\n"
            + "redis.register_function('w', function(k, a) return redis.call('set', 'w', '1') end)\n"
            + "redis.register_function{function_name='r', callback=function(k, a) return redis.call('get', 'w') end,"
            + " flags={'no-writes'}}\n"
            + "redis.register_function{function_name='s', callback=function(k, a) return redis.call('get', 'w') end,"
            + " flags={'no-writes', 'allow-stale'}}";

    private static final String[][] WITH_MASTER = {
            {"EVAL", "#!lua\nreturn redis.call('set', 'a', '1')", "0"},
            {"EVAL", "return redis.call('set', 'a', '1')", "0"},
            {"EVAL", "return redis.pcall('set', 'a', '1')['err']", "0"},
            {"EVAL", "redis.call('get', 'a') return redis.call('set', 'a', '1')", "0"},
            {"EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'w')", "0"},
            {"EVAL_RO", "return redis.call('set', 'a', '1')", "0"},
            {"FCALL", "w", "0"}, {"FCALL", "r", "0"}, {"GET", "a"},
    };

    private static final String[][] STALE = {
            {"EVAL", "return redis.call('get', 'w')", "0"},
            {"EVAL", "#!lua flags=no-writes,allow-stale\nreturn redis.call('get', 'w')", "0"},
            {"EVAL", "#!lua flags=no-writes,allow-stale\nreturn redis.call('info', 'nosuchsection')", "0"},
            {"FCALL", "r", "0"}, {"FCALL", "s", "0"},
    };

    @Test
    void aReplicaRefusesScriptWritesAndStaleReadsAsRedisDoes() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start();
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start()) {
            Endpoint m = new Endpoint(master.host(), master.port());
            try (RawConnection onMaster = new RawConnection(m.host(), m.port())) {
                assertThat(onMaster.callString("FUNCTION", "LOAD", LIBRARY)).isEqualTo("$10\r\nreplicalib\r\n");
                assertThat(onMaster.callString("SET", "w", "0")).isEqualTo("+OK\r\n");
            }
            Endpoint[] replicas = {new Endpoint(redisReplica.host(), redisReplica.port()),
                    new Endpoint(nodeReplica.host(), nodeReplica.port())};
            for (Endpoint r : replicas) {
                try (RawConnection c = new RawConnection(r.host(), r.port())) {
                    assertThat(c.callString("REPLICAOF", m.host(), Integer.toString(m.port()))).isEqualTo("+OK\r\n");
                }
                Datasets.awaitInSync(m, r);
            }
            assertThat(replies(replicas[1], WITH_MASTER)).isEqualTo(replies(replicas[0], WITH_MASTER));

            for (Endpoint r : replicas) {
                assertThat(RawConnection.configSet(r.host(), r.port(), "replica-serve-stale-data", "no"))
                        .isEqualTo("+OK\r\n");
            }
            master.close();
            for (Endpoint r : replicas) {
                Datasets.await("link down", 20_000,
                        () -> "down".equals(Datasets.info(r.host(), r.port(), "master_link_status")));
            }
            assertThat(replies(replicas[1], STALE)).isEqualTo(replies(replicas[0], STALE));
        }
    }

    private static List<String> replies(Endpoint server, String[][] requests) {
        List<String> replies = new ArrayList<>();
        try (RawConnection c = new RawConnection(server.host(), server.port())) {
            for (String[] request : requests) {
                replies.add(String.join(" ", request) + " => " + c.callString(request));
            }
        }
        return replies;
    }
}
