package dev.keyslot.datanode.replication;

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
 * A master that becomes a replica answers its blocked clients (BLPOP, XREAD BLOCK, WAIT) with UNBLOCKED and
 * disconnects them, as redis-server 7.0 does: served later on the replica, a BLPOP would pop an element the
 * master still has. Side by side with a redis-server that is made a replica of the same master.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoleChangeUnblockDifferentialTest {
    private static final String[][] BLOCKING = {
            {"BLPOP", "list", "0"}, {"XREAD", "BLOCK", "0", "STREAMS", "stream", "$"}, {"WAIT", "1", "0"},
    };

    @Test
    void blockedClientsAreAnsweredUnblockedAndDisconnected() {
        try (RedisServerProcess master = RedisServerProcess.start();
             RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedDataNode node = EmbeddedDataNode.start()) {
            List<String> redisSide = unblockedByReplicaof(redis.host(), redis.port(), master.port());
            List<String> nodeSide = unblockedByReplicaof(node.host(), node.port(), master.port());
            assertThat(nodeSide).isEqualTo(redisSide);
            assertThat(redisSide.get(0)).startsWith("-UNBLOCKED ");
        }
    }

    private static List<String> unblockedByReplicaof(String host, int port, int masterPort) {
        List<String> outcomes = new ArrayList<>();
        List<RawConnection> blocked = new ArrayList<>();
        try (RawConnection admin = new RawConnection(host, port)) {
            for (String[] request : BLOCKING) {
                RawConnection c = new RawConnection(host, port);
                c.send(RawConnection.encode(request));
                assertThat(c.quietFor(100)).as(String.join(" ", request) + " blocks").isTrue();
                blocked.add(c);
            }
            assertThat(admin.callString("REPLICAOF", "127.0.0.1", Integer.toString(masterPort))).isEqualTo("+OK\r\n");
            for (RawConnection c : blocked) {
                outcomes.add(c.readReplyString() + " closed=" + c.isClosedByPeer(5000));
            }
            outcomes.add(admin.callString("INFO", "errorstats").replaceAll("\r\n", " "));
        } finally {
            blocked.forEach(RawConnection::close);
        }
        return outcomes;
    }
}
