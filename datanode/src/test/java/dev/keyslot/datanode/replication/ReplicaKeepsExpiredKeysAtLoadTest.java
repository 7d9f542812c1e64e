package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a master drops the keys its RDB holds already expired: a replica (replicaof in its configuration) keeps
 * them at startup and at DEBUG RELOAD, as redis-server does, since its master's DEL for them is still to come.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaKeepsExpiredKeysAtLoadTest {
    @TempDir
    Path redisDir;
    @TempDir
    Path nodeDir;

    @Test
    void aReplicaKeepsTheExpiredKeysOfItsRdbAsRedisDoes() throws Exception {
        try (RedisServerProcess source = RedisServerProcess.start()) {
            try (RawConnection c = new RawConnection(source.host(), source.port())) {
                assertThat(c.callString("SET", "kept", "v")).isEqualTo("+OK\r\n");
                assertThat(c.callString("SET", "expiring", "v", "PX", "200")).isEqualTo("+OK\r\n");
                assertThat(c.callString("SAVE")).isEqualTo("+OK\r\n");
            }
            Files.copy(source.dir().resolve("dump.rdb"), redisDir.resolve("dump.rdb"));
            Files.copy(source.dir().resolve("dump.rdb"), nodeDir.resolve("dump.rdb"));
        }
        TimeUnit.MILLISECONDS.sleep(400);
        String unreachableMaster = Integer.toString(Ports.free());
        String[] asReplica = {"--replicaof", "127.0.0.1", unreachableMaster, "--enable-debug-command", "yes"};
        try (RedisServerProcess redis = RedisServerProcess.start(withDir(redisDir, asReplica));
             EmbeddedDataNode node = EmbeddedDataNode.start(withDir(nodeDir, asReplica))) {
            for (RawConnection c : new RawConnection[] {new RawConnection(redis.host(), redis.port()),
                    new RawConnection(node.host(), node.port())}) {
                try (c) {
                    assertThat(c.callString("DBSIZE")).as("after startup").isEqualTo(":2\r\n");
                    assertThat(c.callString("GET", "expiring")).isEqualTo("$-1\r\n");
                    assertThat(c.callString("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
                    assertThat(c.callString("DBSIZE")).as("after DEBUG RELOAD").isEqualTo(":2\r\n");
                }
            }
        }
    }

    private static String[] withDir(Path dir, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }
}
