package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DEBUG REPLICATE sends its arguments down the replication stream, not to the master's own dataset. */
class DebugReplicateDifferentialTest {
    private static final String[] ARGS = {"--repl-diskless-sync-delay", "0", "--enable-debug-command", "yes"};

    @Test
    void theCommandReachesTheReplicasInTheDatabaseTheStreamSelected() throws Exception {
        List<List<String>> streams = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start(ARGS);
             EmbeddedDataNode node = EmbeddedDataNode.start(ARGS)) {
            streams.add(stream(redis.host(), redis.port()));
            streams.add(stream(node.host(), node.port()));
        }
        assertThat(streams.get(1)).isEqualTo(streams.get(0))
                .containsExactly("2 SET a 1", "2 SET only replicas", "2 DEL a", "3 SET b 2");
    }

    private static List<String> stream(String host, int port) throws Exception {
        try (FakeReplica replica = new FakeReplica(host, port, true);
             RawConnection conn = new RawConnection(host, port)) {
            conn.call("SELECT", "2");
            conn.call("SET", "a", "1");
            assertThat(conn.callString("DEBUG", "REPLICATE", "SET", "only", "replicas")).isEqualTo("+OK\r\n");
            assertThat(conn.callString("EXISTS", "only")).isEqualTo(":0\r\n");
            conn.call("SELECT", "3");
            conn.call("DEBUG", "REPLICATE", "DEL", "a");
            conn.call("SET", "b", "2");
            conn.call("SET", "fence", "1");
            return replica.until("fence 1");
        }
    }
}
