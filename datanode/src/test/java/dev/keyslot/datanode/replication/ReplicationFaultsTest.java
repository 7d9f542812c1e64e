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

/** Faults around replication: cuts during the snapshot transfer, a master restart, stale links; INFO and ROLE. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicationFaultsTest {
    private static final String[] FAST_SYNC = {"--repl-diskless-sync-delay", "0"};

    private static String call(String host, int port, String... args) {
        try (RawConnection c = new RawConnection(host, port)) {
            return c.callString(args);
        }
    }

    private static void assertSameData(Endpoint master, Endpoint replica) {
        Datasets.awaitInSync(master, replica);
        assertThat(Datasets.read(replica.host(), replica.port())).isEqualTo(Datasets.read(master.host(), master.port()));
    }

    @Test
    void aLinkCutDuringTheSnapshotTransferEndsInSync() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC);
             RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
             LinkProxy link = new LinkProxy(node.host(), node.port());
             Workload writer = new Workload(node.host(), node.port())) {
            new Workload(node.host(), node.port()).populate("a", 60_000);
            writer.startContinuous("w", 60_000);
            call(redis.host(), redis.port(), "REPLICAOF", "127.0.0.1", Integer.toString(link.port()));
            Datasets.await("part of the snapshot relayed", 20_000, () -> link.downstreamBytes > 64 * 1024);
            link.cut();
            Thread.sleep(300);
            link.restore();
            Datasets.await("writes after the cut", 20_000, () -> writer.written > 500);
            writer.close();
            assertSameData(new Endpoint(node.host(), node.port()), new Endpoint(redis.host(), redis.port()));
        }
    }

    @Test
    void aDataNodeReplicaCutDuringTheTransferEndsInSync() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC);
             LinkProxy link = new LinkProxy(redis.host(), redis.port());
             Workload writer = new Workload(redis.host(), redis.port())) {
            new Workload(redis.host(), redis.port()).populate("a", 60_000);
            writer.startContinuous("w", 60_000);
            call(node.host(), node.port(), "REPLICAOF", "127.0.0.1", Integer.toString(link.port()));
            Datasets.await("part of the snapshot relayed", 20_000, () -> link.downstreamBytes > 64 * 1024);
            link.cut();
            Thread.sleep(300);
            link.restore();
            Datasets.await("writes after the cut", 20_000, () -> writer.written > 500);
            writer.close();
            assertSameData(new Endpoint(redis.host(), redis.port()), new Endpoint(node.host(), node.port()));
        }
    }

    @Test
    void aRestartedMasterIsFollowedWithItsNewHistory() throws Exception {
        RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
        try (EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC)) {
            int port = redis.port();
            new Workload(redis.host(), port).populate("a", 1000);
            call(node.host(), node.port(), "REPLICAOF", redis.host(), Integer.toString(port));
            assertSameData(new Endpoint(redis.host(), port), new Endpoint(node.host(), node.port()));
            redis.close();
            redis = RedisServerProcess.startOn("127.0.0.1", port, FAST_SYNC);
            new Workload(redis.host(), port).populate("b", 500);
            assertSameData(new Endpoint(redis.host(), port), new Endpoint(node.host(), node.port()));
            assertThat(Datasets.info(node.host(), node.port(), "master_replid"))
                    .isEqualTo(Datasets.info(redis.host(), port, "master_replid"));
            assertThat(call(node.host(), node.port(), "EXISTS", "a0")).isEqualTo(":0\r\n");
        } finally {
            redis.close();
        }
    }

    @Test
    void replicasHideExpiredKeysUntilTheirMasterDeletesThem() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0",
                "--enable-debug-command", "local");
             EmbeddedDataNode replica = EmbeddedDataNode.start(FAST_SYNC)) {
            assertThat(call(master.host(), master.port(), "DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
            call(replica.host(), replica.port(), "REPLICAOF", master.host(), Integer.toString(master.port()));
            call(master.host(), master.port(), "SET", "other", "v");
            assertSameData(new Endpoint(master.host(), master.port()), new Endpoint(replica.host(), replica.port()));
            call(master.host(), master.port(), "SET", "k", "v", "PX", "1000");
            Datasets.await("the key on the replica", 5000,
                    () -> call(replica.host(), replica.port(), "DBSIZE").equals(":2\r\n"));
            Thread.sleep(1100);
            assertThat(call(replica.host(), replica.port(), "GET", "k")).isEqualTo("$-1\r\n");
            assertThat(call(replica.host(), replica.port(), "DBSIZE")).isEqualTo(":2\r\n");
            assertThat(call(master.host(), master.port(), "GET", "k")).isEqualTo("$-1\r\n");
            Datasets.await("the master's DEL", 5000,
                    () -> call(replica.host(), replica.port(), "DBSIZE").equals(":1\r\n"));
        }
    }

    @Test
    void aReplicaWithoutItsMasterRefusesStaleReadsWhenToldTo() {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--replica-serve-stale-data", "no")) {
            int closedPort = dev.keyslot.datanode.testing.Ports.free();
            call(node.host(), node.port(), "REPLICAOF", "127.0.0.1", Integer.toString(closedPort));
            assertThat(call(node.host(), node.port(), "GET", "k")).isEqualTo(
                    "-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n");
            assertThat(call(node.host(), node.port(), "ROLE")).startsWith("*5\r\n$5\r\nslave\r\n");
            assertThat(Datasets.info(node.host(), node.port(), "master_link_status")).isEqualTo("down");
            assertThat(call(node.host(), node.port(), "REPLICAOF", "127.0.0.1", Integer.toString(closedPort)))
                    .isEqualTo("+OK Already connected to specified master\r\n");
            assertThat(call(node.host(), node.port(), "REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
            assertThat(call(node.host(), node.port(), "GET", "k")).isEqualTo("$-1\r\n");
        }
    }

    /**
     * The link is down since it was lost, not since the last failed reconnection: cluster failover derives the
     * age of a replica's data from it (cluster-replica-validity-factor), so it must keep growing.
     */
    @Test
    void theLinkIsDownSinceItWasLostWhileReconnectionsFail() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess redisReplica = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC);
             LinkProxy toRedis = new LinkProxy(master.host(), master.port());
             LinkProxy toNode = new LinkProxy(master.host(), master.port())) {
            call("127.0.0.1", redisReplica.port(), "REPLICAOF", "127.0.0.1", Integer.toString(toRedis.port()));
            call(node.host(), node.port(), "REPLICAOF", "127.0.0.1", Integer.toString(toNode.port()));
            Endpoint m = new Endpoint(master.host(), master.port());
            Datasets.awaitInSync(m, new Endpoint(node.host(), node.port()));
            Datasets.awaitInSync(m, new Endpoint(redisReplica.host(), redisReplica.port()));
            toRedis.cut();
            toNode.cut();
            // Both replicas retry once a second and are refused each time: counted from each failed retry, the age
            // would never pass 1. Awaited rather than read after a fixed 3.5 s, which left 0.5 s for the replicas
            // to notice the cut on a loaded machine.
            Datasets.await("redis-server's replica counts 3 s since the link was lost", 20_000,
                    () -> Datasets.infoLong("127.0.0.1", redisReplica.port(), "master_link_down_since_seconds") >= 3);
            Datasets.await("the data node replica counts 3 s since the link was lost", 20_000,
                    () -> Datasets.infoLong(node.host(), node.port(), "master_link_down_since_seconds") >= 3);
        }
    }

    @Test
    void infoReplicationHasRedisFieldsInBothRoles() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess redisReplica = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC)) {
            assertThat(fields(node.host(), node.port())).isEqualTo(fields(redisReplica.host(), redisReplica.port()));
            for (int port : new int[] {redisReplica.port(), node.port()}) {
                call("127.0.0.1", port, "REPLICAOF", master.host(), Integer.toString(master.port()));
            }
            Datasets.awaitInSync(new Endpoint(master.host(), master.port()), new Endpoint(node.host(), node.port()));
            Datasets.awaitInSync(new Endpoint(master.host(), master.port()),
                    new Endpoint(redisReplica.host(), redisReplica.port()));
            assertThat(fields(node.host(), node.port())).isEqualTo(fields(redisReplica.host(), redisReplica.port()));
            assertThat(call(node.host(), node.port(), "ROLE")).isEqualTo(call("127.0.0.1", redisReplica.port(), "ROLE"));
        }
    }

    private static List<String> fields(String host, int port) {
        try (RawConnection c = new RawConnection(host, port)) {
            String text = dev.keyslot.datanode.testing.RespNode.parse(c.call("INFO", "replication")).text;
            List<String> names = new ArrayList<>();
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    names.add(line.substring(0, colon));
                }
            }
            return names;
        }
    }
}
