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
 * A replica lists its master's connection among its clients (flag M, type master, the master's address), and
 * CLIENT KILL of it drops the link, which comes back with a partial resync: Redis's own tests break links so,
 * then count the resyncs, after CONFIG RESETSTAT when they run several.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MasterClientKillDifferentialTest {
    private static final String[] FAST_SYNC = {"--repl-diskless-sync-delay", "0"};

    private static String call(Endpoint e, String... args) {
        try (RawConnection c = new RawConnection(e.host(), e.port())) {
            return c.callString(args);
        }
    }

    /** What a user sees on the master and on the replica around killing the replica's master client. */
    private record Outcome(String listed, String killed, long partialSyncs, long fullSyncs, String syncsAfterReset) {
    }

    private static Outcome killMasterClient(Endpoint master, Endpoint replica) {
        String masterAddr = "127.0.0.1:" + master.port();
        call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        Datasets.await("the replica in sync", 20_000,
                () -> call(replica, "INFO", "replication").contains("master_link_status:up"));
        call(master, "SET", "before", "1");
        String line = call(replica, "CLIENT", "LIST", "TYPE", "master");
        String listed = (line.contains(" addr=" + masterAddr + " ") ? "addr " : "")
                + (line.contains(" flags=M ") ? "flags=M" : "");
        String killed = call(replica, "CLIENT", "KILL", masterAddr);
        call(master, "SET", "after", "2");
        Datasets.await("the link back and the write applied", 20_000,
                () -> call(replica, "GET", "after").equals("$1\r\n2\r\n"));
        long partialSyncs = Datasets.infoLong(master.host(), master.port(), "sync_partial_ok");
        long fullSyncs = Datasets.infoLong(master.host(), master.port(), "sync_full");
        call(master, "CONFIG", "RESETSTAT");
        String afterReset = Datasets.info(master.host(), master.port(), "sync_full") + " "
                + Datasets.info(master.host(), master.port(), "sync_partial_ok");
        return new Outcome(listed, killed, partialSyncs, fullSyncs, afterReset);
    }

    /**
     * The link is down from the kill on, even when the command that killed it lasts: a cluster replica
     * judges from that moment whether its data is too old to fail over (Redis's 06-slave-stop-cond).
     */
    private static String linkDownSecondsAfterKillInSlowTransaction(Endpoint master, Endpoint replica) {
        call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        Datasets.await("the replica in sync", 20_000,
                () -> call(replica, "INFO", "replication").contains("master_link_status:up"));
        // The replica cannot reconnect from the kill on, so INFO still shows the link down once EXEC returns.
        call(master, "CONFIG", "SET", "requirepass", "not-given-to-the-replica");
        try (RawConnection c = new RawConnection(replica.host(), replica.port())) {
            c.send(RawConnection.encode("MULTI"));
            c.send(RawConnection.encode("CLIENT", "KILL", "TYPE", "master"));
            c.send(RawConnection.encode("DEBUG", "SLEEP", "2"));
            c.send(RawConnection.encode("EXEC"));
            for (int i = 0; i < 4; i++) {
                c.readReply();
            }
            return Datasets.info(replica.host(), replica.port(), "master_link_down_since_seconds");
        }
    }

    @Test
    void theLinkIsDownFromTheKillNotFromTheEndOfTheTransaction() throws Exception {
        String[] args = {"--repl-diskless-sync-delay", "0", "--enable-debug-command", "yes"};
        try (RedisServerProcess master = RedisServerProcess.start(args);
             RedisServerProcess replica = RedisServerProcess.start(args)) {
            assertThat(linkDownSecondsAfterKillInSlowTransaction(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()))).as("redis-server replica").isEqualTo("2");
        }
        try (RedisServerProcess master = RedisServerProcess.start(args);
             EmbeddedDataNode replica = EmbeddedDataNode.start(args)) {
            assertThat(linkDownSecondsAfterKillInSlowTransaction(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()))).as("data node replica").isEqualTo("2");
        }
    }

    @Test
    void killingTheMasterClientLeadsToACountedPartialResyncAsOnRedis() throws Exception {
        Outcome expected;
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess replica = RedisServerProcess.start(FAST_SYNC)) {
            expected = killMasterClient(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()));
        }
        assertThat(expected).isEqualTo(new Outcome("addr flags=M", "+OK\r\n", 1, 1, "0 0"));
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode replica = EmbeddedDataNode.start(FAST_SYNC)) {
            assertThat(killMasterClient(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()))).as("data node replica").isEqualTo(expected);
        }
        try (EmbeddedDataNode master = EmbeddedDataNode.start(FAST_SYNC);
             RedisServerProcess replica = RedisServerProcess.start(FAST_SYNC)) {
            assertThat(killMasterClient(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()))).as("data node master").isEqualTo(expected);
        }
    }
}
