package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackNodes;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication between the data node and redis-server 7.0 in both directions: full and partial
 * resynchronization, datasets compared key by key (value and absolute expiry) once the replica caught up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicationInteropTest {
    private static final String[] FAST_SYNC = {"--repl-diskless-sync-delay", "0"};

    private static Endpoint of(RedisServerProcess r) {
        return new Endpoint(r.host(), r.port());
    }

    private static Endpoint of(EmbeddedDataNode n) {
        return new Endpoint(n.host(), n.port());
    }

    private static String call(Endpoint e, String... args) {
        try (RawConnection c = new RawConnection(e.host(), e.port())) {
            return c.callString(args);
        }
    }

    private static void assertSameData(Endpoint master, Endpoint replica) {
        Datasets.awaitInSync(master, replica);
        var expected = Datasets.read(master.host(), master.port());
        assertThat(expected).isNotEmpty();
        assertThat(Datasets.read(replica.host(), replica.port())).isEqualTo(expected);
        assertThat(call(replica, "FUNCTION", "LIST", "WITHCODE")).isEqualTo(call(master, "FUNCTION", "LIST", "WITHCODE"));
    }

    /** A function library named name (one function, name_echo), which a full sync carries in the RDB. */
    private static void loadLibrary(Endpoint e, String name) {
        // no-writes: a function without it counts as a write, which a read-only replica refuses, as Redis does.
        assertThat(call(e, "FUNCTION", "LOAD", "#!lua name=" + name + "\nredis.register_function{function_name='" + name
                + "_echo', callback=function(keys, args) return args[1] end, flags={'no-writes'}}"))
                .isEqualTo("$" + name.length() + "\r\n" + name + "\r\n");
    }

    @Test
    void redisMasterToDataNodeReplicaFullThenStreamThenPartial() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC);
             LinkProxy link = new LinkProxy(redis.host(), redis.port())) {
            Endpoint master = of(redis);
            Endpoint replica = of(node);
            new Workload(master.host(), master.port()).populate("a", 3000);
            loadLibrary(master, "mlib");
            loadLibrary(replica, "stale");
            assertThat(call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(link.port()))).isEqualTo("+OK\r\n");
            assertSameData(master, replica);
            assertThat(call(replica, "FCALL", "mlib_echo", "0", "hi")).isEqualTo("$2\r\nhi\r\n");
            assertThat(call(replica, "FUNCTION", "LIST")).doesNotContain("stale");
            assertThat(Datasets.info(replica.host(), replica.port(), "master_replid"))
                    .isEqualTo(Datasets.info(master.host(), master.port(), "master_replid"));

            new Workload(master.host(), master.port()).populate("b", 2000);
            assertSameData(master, replica);

            link.cut();
            new Workload(master.host(), master.port()).populate("c", 500);
            link.restore();
            assertSameData(master, replica);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isEqualTo(1);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_ok")).isEqualTo(1);
            assertThat(call(replica, "SET", "x", "1")).startsWith("-READONLY");
        }
    }

    @Test
    void dataNodeMasterToRedisReplicaDisklessThenPartial() throws Exception {
        dataNodeMasterToRedisReplica("yes");
    }

    @Test
    void dataNodeMasterToRedisReplicaThroughDisk() throws Exception {
        dataNodeMasterToRedisReplica("no");
    }

    private void dataNodeMasterToRedisReplica(String diskless) throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync", diskless,
                "--repl-diskless-sync-delay", "0");
             RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
             LinkProxy link = new LinkProxy(node.host(), node.port());
             Workload writer = new Workload(node.host(), node.port())) {
            Endpoint master = of(node);
            Endpoint replica = of(redis);
            new Workload(master.host(), master.port()).populate("a", 3000);
            loadLibrary(master, "mlib");
            writer.startContinuous("w", 30_000);
            call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(link.port()));
            Datasets.await("some writes during the sync", 10_000, () -> writer.written > 200);
            // Cut only once the full sync is done, so what follows the cut can be a partial resync.
            Datasets.await("the replica in sync", 20_000,
                    () -> call(replica, "INFO", "replication").contains("master_link_status:up"));
            link.cut();
            Thread.sleep(200);
            link.restore();
            Datasets.await("more writes", 10_000, () -> writer.written > 600);
            writer.close();
            assertSameData(master, replica);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isEqualTo(1);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_ok")).isEqualTo(1);
            assertThat(call(master, "ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");
        }
    }

    @Test
    void aBacklogOverflowDuringACutForcesAFullResync() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0",
                "--repl-backlog-size", "16384");
             RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
             LinkProxy link = new LinkProxy(node.host(), node.port())) {
            Endpoint master = of(node);
            Endpoint replica = of(redis);
            new Workload(master.host(), master.port()).populate("a", 100);
            call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(link.port()));
            assertSameData(master, replica);
            link.cut();
            new Workload(master.host(), master.port()).populate("big", 2000);
            link.restore();
            assertSameData(master, replica);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isEqualTo(2);
            // The first refusal is the replica's first PSYNC, with the history it had as a master.
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_err")).isEqualTo(2);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_ok")).isZero();
        }
    }

    @Test
    void aPromotedDataNodeReplicaIsContinuedByItsRedisSibling() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC);
             EmbeddedDataNode promoted = EmbeddedDataNode.start(FAST_SYNC);
             RedisServerProcess sibling = RedisServerProcess.start(FAST_SYNC)) {
            Endpoint m = of(master);
            new Workload(m.host(), m.port()).populate("a", 1000);
            call(of(promoted), "REPLICAOF", m.host(), Integer.toString(m.port()));
            call(of(sibling), "REPLICAOF", m.host(), Integer.toString(m.port()));
            assertSameData(m, of(promoted));
            assertSameData(m, of(sibling));
            String oldReplid = Datasets.info(m.host(), m.port(), "master_replid");

            assertThat(call(of(promoted), "REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
            assertThat(Datasets.info(promoted.host(), promoted.port(), "master_replid2")).isEqualTo(oldReplid);
            call(of(sibling), "REPLICAOF", promoted.host(), Integer.toString(promoted.port()));
            new Workload(promoted.host(), promoted.port()).populate("b", 500);
            assertSameData(of(promoted), of(sibling));
            assertThat(Datasets.infoLong(promoted.host(), promoted.port(), "sync_partial_ok")).isEqualTo(1);
            assertThat(Datasets.infoLong(promoted.host(), promoted.port(), "sync_full")).isZero();
        }
    }

    @Test
    void aDataNodeReplicaContinuesWithItsPromotedRedisSibling() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess promoted = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode sibling = EmbeddedDataNode.start(FAST_SYNC)) {
            Endpoint m = of(master);
            new Workload(m.host(), m.port()).populate("a", 1000);
            call(of(promoted), "REPLICAOF", m.host(), Integer.toString(m.port()));
            call(of(sibling), "REPLICAOF", m.host(), Integer.toString(m.port()));
            assertSameData(m, of(promoted));
            assertSameData(m, of(sibling));
            call(of(promoted), "REPLICAOF", "NO", "ONE");
            call(of(sibling), "REPLICAOF", promoted.host(), Integer.toString(promoted.port()));
            new Workload(promoted.host(), promoted.port()).populate("b", 500);
            assertSameData(of(promoted), of(sibling));
            assertThat(Datasets.infoLong(promoted.host(), promoted.port(), "sync_partial_ok")).isEqualTo(1);
        }
    }

    @Test
    void chainedReplicationSharesTheTopMastersHistory() throws Exception {
        try (RedisServerProcess top = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode middle = EmbeddedDataNode.start(FAST_SYNC);
             RedisServerProcess bottom = RedisServerProcess.start(FAST_SYNC)) {
            new Workload(top.host(), top.port()).populate("a", 2000);
            call(of(middle), "REPLICAOF", top.host(), Integer.toString(top.port()));
            assertSameData(of(top), of(middle));
            call(of(bottom), "REPLICAOF", middle.host(), Integer.toString(middle.port()));
            new Workload(top.host(), top.port()).populate("b", 1000);
            assertSameData(of(top), of(middle));
            assertSameData(of(middle), of(bottom));
            assertThat(Datasets.read(bottom.host(), bottom.port())).isEqualTo(Datasets.read(top.host(), top.port()));
            assertThat(Datasets.info(bottom.host(), bottom.port(), "master_replid"))
                    .isEqualTo(Datasets.info(top.host(), top.port(), "master_replid"));
        }
    }

    @Test
    void waitCountsTheReplicasThatAcknowledged() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0", "--metrics-port",
                Integer.toString(dev.keyslot.datanode.testing.Ports.free()));
             RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC);
             RawConnection client = new RawConnection(node.host(), node.port())) {
            call(of(redis), "REPLICAOF", node.host(), Integer.toString(node.port()));
            client.call("SET", "k", "v");
            assertSameData(of(node), of(redis));
            client.call("SET", "k", "v2");
            assertThat(client.callString("WAIT", "1", "5000")).isEqualTo(":1\r\n");
            long started = System.currentTimeMillis();
            assertThat(client.callString("WAIT", "2", "300")).isEqualTo(":1\r\n");
            assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(290);
            assertThat(client.callString("WAIT", "0", "0")).isEqualTo(":1\r\n");
            assertThat(client.callString("WAIT", "1", "-1")).isEqualTo("-ERR timeout is negative\r\n");

            String metrics = scrape(node.server().metricsPort());
            assertThat(metrics).contains("keyslot_replication_sync_full_total 1.0")
                    .contains("keyslot_replication_offset_bytes ")
                    .contains("keyslot_replication_replica_lag_seconds{replica=\"127.0.0.1:" + redis.port() + "\"}");
        }
    }

    private static String scrape(int port) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build();
        return java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutEnoughReplicas() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC);
             RawConnection client = new RawConnection(node.host(), node.port())) {
            client.call("CONFIG", "SET", "min-replicas-to-write", "1");
            assertThat(client.callString("SET", "k", "v")).isEqualTo("-NOREPLICAS Not enough good replicas to write.\r\n");
            assertThat(client.callString("GET", "k")).isEqualTo("$-1\r\n");
        }
    }

    /**
     * The good-replica count follows CONFIG SET at once, as Redis recounts it when either setting changes, and a
     * max lag of 0 turns the check off; the replies are compared with a redis-server master's.
     */
    @Test
    void minReplicasSettingsApplyAtOnceAsOnRedis() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start(FAST_SYNC);
             RedisServerProcess redisMaster = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess replicaOfNode = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess replicaOfRedis = RedisServerProcess.start(FAST_SYNC)) {
            assertThat(minReplicasReplies(of(node), replicaOfNode))
                    .isEqualTo(minReplicasReplies(of(redisMaster), replicaOfRedis));
        }
    }

    private static String minReplicasReplies(Endpoint master, RedisServerProcess replica) throws InterruptedException {
        call(of(replica), "REPLICAOF", master.host(), Integer.toString(master.port()));
        call(master, "SET", "seed", "1");
        assertSameData(master, of(replica));
        // The replica holding the data is not enough: the master counts it once it put it online (its first ACK).
        LoopbackNodes.await("the master sees its replica online", 20_000,
                () -> call(master, "INFO", "replication").contains(",state=online,"));
        StringBuilder replies = new StringBuilder();
        try (RawConnection client = new RawConnection(master.host(), master.port())) {
            String[][] steps = {
                {"CONFIG", "SET", "min-replicas-to-write", "1"}, {"SET", "k", "1"},
                {"CONFIG", "SET", "min-replicas-to-write", "2"}, {"SET", "k", "2"},
                {"CONFIG", "SET", "min-replicas-max-lag", "0"}, {"SET", "k", "3"},
                {"CONFIG", "SET", "min-replicas-max-lag", "10"}, {"SET", "k", "4"},
                {"CONFIG", "SET", "min-replicas-to-write", "1"}, {"SET", "k", "5"}, {"GET", "k"},
            };
            for (String[] step : steps) {
                replies.append(client.callString(step));
            }
        }
        return replies.toString();
    }
}
