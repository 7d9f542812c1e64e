package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once a diskless snapshot has been sent, Redis counts the replica as online (INFO state=online) and as a good
 * replica for min-replicas-to-write, though its stream waits for the first REPLCONF ACK: a write right after
 * the replica shows online is accepted. Compared with a redis-server master, the replica never acknowledging.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicaOnlineBeforeFirstAckTest {
    private static final String[] DISKLESS = {"--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"};

    @Test
    void aReplicaShownOnlineCountsForMinReplicasAsOnRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(DISKLESS);
             EmbeddedDataNode node = EmbeddedDataNode.start(DISKLESS)) {
            String expected = writeOnceOnline(new Endpoint(redis.host(), redis.port()));
            assertThat(writeOnceOnline(new Endpoint(node.host(), node.port()))).isEqualTo(expected);
        }
    }

    private static String writeOnceOnline(Endpoint master) throws Exception {
        try (FakeReplica replica = new FakeReplica(master.host(), master.port(), true, false);
             RawConnection c = new RawConnection(master.host(), master.port())) {
            Datasets.await("replica shown online", 20_000,
                    () -> c.callString("INFO", "replication").contains("state=online"));
            return c.callString("CONFIG", "SET", "min-replicas-max-lag", "10")
                    + c.callString("CONFIG", "SET", "min-replicas-to-write", "1")
                    + c.callString("SET", "k", "v")
                    + Datasets.info(master.host(), master.port(), "min_slaves_good_slaves");
        }
    }
}
