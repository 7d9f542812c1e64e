package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FAILOVER between a master and its replica, data node and redis-server 7.0 in every pairing: the roles swap,
 * the old master continues with a partial resync, no write is lost (each one a client sent around the
 * failover is either on the new master or was refused with READONLY), and a failover stuck in progress
 * (its target never answers) is aborted back to a master.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailoverTest {
    private static final String[] FAST_SYNC = {"--repl-diskless-sync-delay", "0"};
    private static final String READONLY = "-READONLY You can't write against a read only replica.\r\n";

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

    @Test
    void dataNodeMasterFailsOverToDataNodeReplica() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC);
             EmbeddedDataNode replica = EmbeddedDataNode.start(FAST_SYNC)) {
            failOverUnderWrites(of(master), of(replica));
        }
    }

    @Test
    void redisMasterFailsOverToDataNodeReplica() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode replica = EmbeddedDataNode.start(FAST_SYNC)) {
            failOverUnderWrites(of(master), of(replica));
        }
    }

    @Test
    void dataNodeMasterFailsOverToRedisReplica() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC);
             RedisServerProcess replica = RedisServerProcess.start(FAST_SYNC)) {
            failOverUnderWrites(of(master), of(replica));
        }
    }

    @Test
    void dataNodeFailoverStuckInProgressIsAbortedBackToMaster() throws Exception {
        try (ServerSocket silent = silentListener();
             EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC);
             EmbeddedDataNode replica = EmbeddedDataNode.start(announcing(silent))) {
            abortStuckFailover(of(master), of(replica), silent.getLocalPort());
        }
    }

    /** The same scenario on redis-server alone: the reference for what the data node does above. */
    @Test
    void redisFailoverStuckInProgressIsAbortedBackToMaster() throws Exception {
        try (ServerSocket silent = silentListener();
             RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess replica = RedisServerProcess.start(announcing(silent))) {
            abortStuckFailover(of(master), of(replica), silent.getLocalPort());
        }
    }

    @Test
    void dataNodeRetriesAnUnreachableTargetTenTimesASecond() throws Exception {
        try (ClosingListener target = new ClosingListener();
             EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC);
             EmbeddedDataNode replica = EmbeddedDataNode.start(announcing(target.socket))) {
            retryUnreachableTarget(of(master), of(replica), target);
        }
    }

    /** The same scenario on redis-server alone: the reference for what the data node does above. */
    @Test
    void redisRetriesAnUnreachableTargetTenTimesASecond() throws Exception {
        try (ClosingListener target = new ClosingListener();
             RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess replica = RedisServerProcess.start(announcing(target.socket))) {
            retryUnreachableTarget(of(master), of(replica), target);
        }
    }

    /**
     * The replica announces the port of a listener that closes every connection: the master, having switched
     * to it, retries on its replication cron, which Redis runs every 100 ms during a failover (once a second
     * otherwise), until ABORT makes it a master again.
     */
    private static void retryUnreachableTarget(Endpoint master, Endpoint replica, ClosingListener target)
            throws Exception {
        call(replica, "REPLICAOF", master.host(), Integer.toString(master.port()));
        awaitReplicaOnline(master);
        Datasets.awaitInSync(master, replica);
        assertThat(call(master, "FAILOVER", "TO", "127.0.0.1", Integer.toString(target.socket.getLocalPort())))
                .isEqualTo("+OK\r\n");
        Datasets.await("failover in progress", 10_000,
                () -> "failover-in-progress".equals(Datasets.info(master.host(), master.port(), "master_failover_state")));
        int before = target.accepted.get();
        TimeUnit.MILLISECONDS.sleep(1500);
        assertThat(target.accepted.get() - before).as("attempts to reach the target in 1.5 s").isGreaterThanOrEqualTo(6);
        assertThat(call(master, "FAILOVER", "ABORT")).isEqualTo("+OK\r\n");
        assertThat(Datasets.info(master.host(), master.port(), "role")).isEqualTo("master");
    }

    /** Accepts connections and closes each at once, counting them. */
    private static final class ClosingListener implements AutoCloseable {
        final ServerSocket socket;
        final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread acceptor;

        ClosingListener() throws IOException {
            socket = silentListener();
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket s = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void dataNodeForcesAFailoverToALaggingReplicaAfterTheTimeout() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC)) {
            forceAfterTimeout(of(master));
        }
    }

    /** The same scenario on redis-server: the reference for the data node's. */
    @Test
    void redisForcesAFailoverToALaggingReplicaAfterTheTimeout() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC)) {
            forceAfterTimeout(of(master));
        }
    }

    /**
     * The target is online but never acknowledges the latest write: with FORCE the master still switches to it
     * once TIMEOUT passes. The target (a hand-made replica announcing no port) cannot be reached, so the
     * failover stays in progress until ABORT.
     */
    private static void forceAfterTimeout(Endpoint master) throws Exception {
        try (FakeReplica lagging = new FakeReplica(master.host(), master.port(), true)) {
            awaitReplicaOnline(master);
            call(master, "SET", "k", "v");
            assertThat(call(master, "FAILOVER", "TO", "127.0.0.1", "0", "FORCE", "TIMEOUT", "500")).isEqualTo("+OK\r\n");
            assertThat(Datasets.info(master.host(), master.port(), "master_failover_state")).isEqualTo("waiting-for-sync");
            Datasets.await("the forced failover", 10_000,
                    () -> "failover-in-progress".equals(Datasets.info(master.host(), master.port(), "master_failover_state")));
            assertThat(Datasets.info(master.host(), master.port(), "role")).isEqualTo("slave");
            assertThat(call(master, "FAILOVER", "ABORT")).isEqualTo("+OK\r\n");
            assertThat(Datasets.info(master.host(), master.port(), "role")).isEqualTo("master");
            assertThat(call(master, "SET", "k", "w")).isEqualTo("+OK\r\n");
        }
    }

    /**
     * A client keeps writing to the master while FAILOVER runs, one write at a time; the write caught by the
     * failover's pause, and any after it, must be refused with READONLY, every earlier one must survive.
     */
    private static void failOverUnderWrites(Endpoint master, Endpoint replica) throws Exception {
        new Workload(master.host(), master.port()).populate("a", 2000);
        assertThat(call(replica, "REPLICAOF", master.host(), Integer.toString(master.port()))).isEqualTo("+OK\r\n");
        Datasets.awaitInSync(master, replica);
        String oldReplid = Datasets.info(master.host(), master.port(), "master_replid");

        Writer writer = new Writer(master);
        writer.start();
        Datasets.await("writes before the failover", 10_000, () -> writer.replies.size() > 100);
        try (RawConnection c = new RawConnection(master.host(), master.port())) {
            assertThat(c.callString("SET", "just-before", "1")).isEqualTo("+OK\r\n");
            assertThat(c.callString("FAILOVER")).isEqualTo("+OK\r\n");
        }
        writer.join(20_000);
        assertThat(writer.isAlive()).as("the writer met the refusal").isFalse();

        Datasets.await("roles swapped", 15_000, () -> "slave".equals(Datasets.info(master.host(), master.port(), "role"))
                && "master".equals(Datasets.info(replica.host(), replica.port(), "role")));
        assertThat(Datasets.infoLong(master.host(), master.port(), "master_port")).isEqualTo(replica.port());
        Datasets.awaitInSync(replica, master);
        assertThat(Datasets.info(master.host(), master.port(), "master_failover_state")).isEqualTo("no-failover");
        assertThat(Datasets.info(replica.host(), replica.port(), "master_replid2")).isEqualTo(oldReplid);
        assertThat(Datasets.infoLong(replica.host(), replica.port(), "sync_partial_ok")).isEqualTo(1);
        assertThat(Datasets.infoLong(replica.host(), replica.port(), "sync_full")).isZero();

        var data = Datasets.read(replica.host(), replica.port());
        assertThat(Datasets.read(master.host(), master.port())).isEqualTo(data);
        assertThat(data).containsKey("0 just-before");
        List<String> replies = writer.replies;
        assertThat(replies.get(replies.size() - 1)).isEqualTo(READONLY);
        for (int i = 0; i < replies.size() - 1; i++) {
            assertThat(replies.get(i)).as("write %d", i).isEqualTo("+OK\r\n");
            assertThat(data.get("0 w" + i)).as("write %d", i).startsWith("string " + i + " ");
        }
        assertThat(data).doesNotContainKey("0 w" + (replies.size() - 1));
        assertThat(call(replica, "SET", "after", "1")).isEqualTo("+OK\r\n");
        assertThat(call(master, "SET", "after", "1")).isEqualTo(READONLY);
    }

    /**
     * The replica announces the port of a listener that never answers: the master, having switched to it,
     * waits for a PSYNC reply that does not come (failover-in-progress) and refuses writes; ABORT makes it a
     * master again, which its replica continues.
     */
    private static void abortStuckFailover(Endpoint master, Endpoint replica, int silentPort) throws Exception {
        call(master, "SET", "k", "v");
        call(replica, "REPLICAOF", master.host(), Integer.toString(master.port()));
        Datasets.awaitInSync(master, replica);
        awaitReplicaOnline(master);
        assertThat(call(master, "FAILOVER", "TO", "127.0.0.1", Integer.toString(silentPort))).isEqualTo("+OK\r\n");
        Datasets.await("failover in progress", 10_000,
                () -> "failover-in-progress".equals(Datasets.info(master.host(), master.port(), "master_failover_state")));
        assertThat(Datasets.info(master.host(), master.port(), "role")).isEqualTo("slave");
        assertThat(Datasets.infoLong(master.host(), master.port(), "master_port")).isEqualTo(silentPort);
        // Already a replica: a new write is refused rather than held by the pause, as Redis checks READONLY first.
        assertThat(call(master, "SET", "refused", "1")).isEqualTo(READONLY);
        assertThat(call(master, "GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(call(master, "FAILOVER", "ABORT")).isEqualTo("+OK\r\n");
        assertThat(call(master, "SET", "after-abort", "1")).isEqualTo("+OK\r\n");
        assertThat(Datasets.info(master.host(), master.port(), "role")).isEqualTo("master");
        assertThat(Datasets.info(master.host(), master.port(), "master_failover_state")).isEqualTo("no-failover");
        Datasets.awaitInSync(master, replica);
        assertThat(call(replica, "GET", "after-abort")).isEqualTo("$1\r\n1\r\n");
    }

    /**
     * The master counts its replica online (what FAILOVER TO requires): a diskless replica may have loaded its
     * snapshot and caught up before its master finished that sync.
     */
    private static void awaitReplicaOnline(Endpoint master) {
        Datasets.await("the replica online", 10_000, () -> {
            String replica = Datasets.info(master.host(), master.port(), "slave0");
            return replica != null && replica.contains("state=online");
        });
    }

    /** Accepts connections (the kernel does) but never reads or answers. */
    private static ServerSocket silentListener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    private static String[] announcing(ServerSocket silent) {
        return new String[] {"--repl-diskless-sync-delay", "0", "--replica-announce-port",
                Integer.toString(silent.getLocalPort())};
    }

    /** Writes w0, w1, ... one at a time, keeping each reply, until one is refused (or 20 seconds pass). */
    private static final class Writer extends Thread {
        private final Endpoint target;
        final List<String> replies = java.util.Collections.synchronizedList(new ArrayList<>());

        Writer(Endpoint target) {
            this.target = target;
            setDaemon(true);
        }

        @Override
        public void run() {
            long deadline = System.currentTimeMillis() + 20_000;
            try (RawConnection c = new RawConnection(target.host(), target.port())) {
                for (int i = 0; System.currentTimeMillis() < deadline; i++) {
                    String reply = c.callString("SET", "w" + i, Integer.toString(i));
                    replies.add(reply);
                    if (!reply.equals("+OK\r\n")) {
                        return;
                    }
                }
            }
        }
    }
}
