package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis 7.0's shutdown of a master whose replica has not acknowledged the whole stream, asserted alike of
 * redis-server and the data node: SHUTDOWN waits (writes paused, INFO's shutdown_in_milliseconds) up to
 * shutdown-timeout for the replica; SHUTDOWN ABORT ends the wait with an error to the SHUTDOWN client and lets
 * the held writes in; the master exits as soon as no replica lags, or at once with NOW. The replica is a
 * connection that asked to sync and waits for a snapshot that is 60 s away, so it acknowledges nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownWaitsForReplicasTest {
    private static final String FAILED = "-ERR Errors trying to SHUTDOWN. Check logs.\r\n";

    @Test
    void shutdownWaitsForALaggingReplicaAndAbortCancelsIt() {
        try (Differential diff = mastersWithStuckReplicas();
             Replicas replicas = new Replicas(diff)) {
            diff.checkAll("SET k v", "CONFIG SET shutdown-timeout 10");
            for (boolean redis : new boolean[] {true, false}) {
                String which = redis ? "redis-server" : "data node";
                try (RawConnection shutdown = diff.newConnection(redis); RawConnection writer = diff.newConnection(redis);
                     RawConnection admin = diff.newConnection(redis)) {
                    shutdown.send(RawConnection.encode("SHUTDOWN"));
                    assertThat(shutdown.quietFor(300)).as(which + ": SHUTDOWN waits").isTrue();
                    assertThat(admin.callString("INFO", "server")).as(which).contains("shutdown_in_milliseconds:");
                    writer.send(RawConnection.encode("SET", "held", "1"));
                    assertThat(writer.quietFor(300)).as(which + ": writes are paused").isTrue();
                    assertThat(admin.callString("SHUTDOWN", "ABORT")).as(which).isEqualTo("+OK\r\n");
                    assertThat(shutdown.readReplyString()).as(which).isEqualTo(FAILED);
                    assertThat(writer.readReplyString()).as(which).isEqualTo("+OK\r\n");
                    assertThat(admin.callString("INFO", "server")).as(which).doesNotContain("shutdown_in_milliseconds");
                }
            }
            diff.checkAll("SHUTDOWN ABORT", "GET held", "PING");
        }
    }

    /** Redis counts SHUTDOWN clients as blocked, and its replicas not as connected clients. */
    @Test
    void clientsWaitingForTheShutdownAreBlockedClients() {
        try (Differential diff = mastersWithStuckReplicas();
             Replicas replicas = new Replicas(diff)) {
            diff.checkAll("SET k v", "CONFIG SET shutdown-timeout 10");
            String[] counts = new String[2];
            for (boolean redis : new boolean[] {true, false}) {
                try (RawConnection first = diff.newConnection(redis); RawConnection second = diff.newConnection(redis);
                     RawConnection admin = diff.newConnection(redis)) {
                    first.send(RawConnection.encode("SHUTDOWN"));
                    second.send(RawConnection.encode("SHUTDOWN"));
                    assertThat(second.quietFor(300)).isTrue();
                    String info = admin.callString("INFO", "clients");
                    counts[redis ? 0 : 1] = field(info, "connected_clients") + " " + field(info, "blocked_clients");
                    assertThat(admin.callString("SHUTDOWN", "ABORT")).isEqualTo("+OK\r\n");
                    assertThat(first.readReplyString()).isEqualTo(FAILED);
                    assertThat(second.readReplyString()).isEqualTo(FAILED);
                    assertThat(field(admin.callString("INFO", "clients"), "blocked_clients")).isEqualTo("0");
                }
            }
            assertThat(counts[0]).endsWith(" 2");
            assertThat(counts[1]).as("data node; redis-server: " + counts[0]).isEqualTo(counts[0]);
        }
    }

    private static String field(String info, String name) {
        return info.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow()
                .substring(name.length() + 1);
    }

    @Test
    void theMasterExitsOnceNoReplicaLags() {
        try (Differential diff = mastersWithStuckReplicas();
             Replicas replicas = new Replicas(diff);
             RawConnection redisShutdown = diff.newConnection(true);
             RawConnection nodeShutdown = diff.newConnection(false)) {
            diff.checkAll("SET k v", "CONFIG SET shutdown-timeout 30");
            redisShutdown.send(RawConnection.encode("SHUTDOWN", "NOSAVE"));
            nodeShutdown.send(RawConnection.encode("SHUTDOWN", "NOSAVE"));
            assertThat(redisShutdown.quietFor(300)).isTrue();
            assertThat(nodeShutdown.quietFor(10)).isTrue();
            replicas.close();
            assertThat(redisShutdown.isClosedByPeer(5000)).as("redis-server exits").isTrue();
            assertThat(nodeShutdown.isClosedByPeer(5000)).as("the data node exits").isTrue();
        }
    }

    @Test
    void shutdownNowDoesNotWait() {
        try (Differential diff = mastersWithStuckReplicas();
             Replicas replicas = new Replicas(diff);
             RawConnection redisShutdown = diff.newConnection(true);
             RawConnection nodeShutdown = diff.newConnection(false)) {
            diff.checkAll("CONFIG SET shutdown-timeout 30");
            redisShutdown.send(RawConnection.encode("SHUTDOWN", "NOW", "NOSAVE"));
            nodeShutdown.send(RawConnection.encode("SHUTDOWN", "NOW", "NOSAVE"));
            assertThat(redisShutdown.isClosedByPeer(1000)).as("redis-server exits").isTrue();
            assertThat(nodeShutdown.isClosedByPeer(1000)).as("the data node exits").isTrue();
        }
    }

    private static Differential mastersWithStuckReplicas() {
        return new Differential("--repl-diskless-sync-delay", "60");
    }

    /** One stuck replica of each master, attached until closed. */
    private static final class Replicas implements AutoCloseable {
        private final RawConnection ofRedis;
        private final RawConnection ofNode;

        Replicas(Differential diff) {
            ofRedis = stuckReplica(diff.redis().host(), diff.redis().port());
            ofNode = stuckReplica(diff.node().host(), diff.node().port());
            Datasets.await("both masters see their replica", 10_000,
                    () -> "1".equals(Datasets.info(diff.redis().host(), diff.redis().port(), "connected_slaves"))
                            && "1".equals(Datasets.info(diff.node().host(), diff.node().port(), "connected_slaves")));
        }

        private static RawConnection stuckReplica(String host, int port) {
            RawConnection c = new RawConnection(host, port);
            assertThat(c.callString("REPLCONF", "listening-port", "7778")).isEqualTo("+OK\r\n");
            assertThat(c.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
            c.send(RawConnection.encode("PSYNC", "?", "-1"));
            return c;
        }

        @Override
        public void close() {
            ofRedis.close();
            ofNode.close();
        }
    }
}
