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
 * A writable replica (replica-read-only no) deletes by itself the keys its own clients gave a TTL once it has
 * passed, while a key its master gave a TTL stays until the master's DEL; side by side with a redis-server
 * replica of the same master, INFO's slave_expires_tracked_keys and expired_keys included.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WritableReplicaExpiryDifferentialTest {
    private static final long EXPIRY_WAIT_MILLIS = 15_000;

    @Test
    void aWritableReplicaExpiresTheKeysItsClientsGaveATtlAsRedisDoes() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--enable-debug-command", "yes",
                "--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start("--replica-read-only", "no");
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start("--replica-read-only", "no")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            try (RawConnection onMaster = new RawConnection(m.host(), m.port())) {
                // The master never expires it: its replicas must keep it too, though it reads as missing.
                assertThat(onMaster.callString("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
                assertThat(onMaster.callString("SET", "from-master", "1", "PX", "300")).isEqualTo("+OK\r\n");
            }
            Endpoint redis = new Endpoint(redisReplica.host(), redisReplica.port());
            Endpoint node = new Endpoint(nodeReplica.host(), nodeReplica.port());
            for (Endpoint r : new Endpoint[] {redis, node}) {
                try (RawConnection c = new RawConnection(r.host(), r.port())) {
                    assertThat(c.callString("REPLICAOF", m.host(), Integer.toString(m.port()))).isEqualTo("+OK\r\n");
                }
                Datasets.awaitInSync(m, r);
            }
            assertThat(localWritesExpiring(node)).isEqualTo(localWritesExpiring(redis));
        }
    }

    /** Writes keys with and without a TTL on the replica, waits for the short TTLs to pass, and describes it. */
    private static String localWritesExpiring(Endpoint replica) {
        StringBuilder seen = new StringBuilder();
        try (RawConnection c = new RawConnection(replica.host(), replica.port())) {
            String[][] writes = {
                {"SET", "a", "1", "PX", "1000"}, {"SET", "b", "1"}, {"PEXPIRE", "b", "100000"}, {"SET", "c", "1"},
                {"SELECT", "3"}, {"SET", "d", "1", "PX", "1000"}, {"SELECT", "0"},
            };
            for (String[] w : writes) {
                seen.append(c.callString(w));
            }
            seen.append(" tracked=").append(info(replica, "slave_expires_tracked_keys"));
            Datasets.await("keys with a passed TTL deleted on " + replica, EXPIRY_WAIT_MILLIS,
                    () -> dbsize(c, "0").equals(":3\r\n") && dbsize(c, "3").equals(":0\r\n"));
            seen.append(" db0=").append(dbsize(c, "0"))
                    .append(" exists=").append(c.callString("EXISTS", "from-master", "a", "b", "c"))
                    .append(" tracked=").append(info(replica, "slave_expires_tracked_keys"))
                    .append(" expired=").append(info(replica, "expired_keys"));
            seen.append(c.callString("FLUSHALL"))
                    .append(" tracked=").append(info(replica, "slave_expires_tracked_keys"));
        }
        return seen.toString();
    }

    private static String info(Endpoint e, String field) {
        return Datasets.info(e.host(), e.port(), field);
    }

    private static String dbsize(RawConnection c, String db) {
        c.callString("SELECT", db);
        String size = c.callString("DBSIZE");
        c.callString("SELECT", "0");
        return size;
    }
}
