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
 * redis.set_repl() decides where the commands a script calls next are propagated: nowhere, the AOF only,
 * replicas only or both. A redis-server replica shows what reached replicas, DEBUG LOADAOF on the master what
 * reached the AOF; the data node as master is compared with redis-server as master.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptReplicationTargetsDifferentialTest {
    private static final String[] MASTER = {"--appendonly", "yes", "--aof-use-rdb-preamble", "no",
            "--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0"};
    private static final String SCRIPT = "redis.call('set', 'a', '1')\n"
            + "redis.set_repl(redis.REPL_NONE)\n"
            + "redis.call('set', 'b', '2')\n"
            + "redis.set_repl(redis.REPL_AOF)\n"
            + "redis.call('set', 'c', '3')\n"
            + "redis.set_repl(redis.REPL_REPLICA)\n"
            + "redis.call('set', 'e', '5')\n"
            + "redis.set_repl(redis.REPL_ALL)\n"
            + "redis.call('set', 'd', '4')\n";

    @Test
    void setReplChoosesWhereTheScriptsNextCommandsGoAsRedisDoes() throws Exception {
        try (RedisServerProcess redisMaster = RedisServerProcess.start(MASTER);
             RedisServerProcess replicaOfRedis = RedisServerProcess.start();
             EmbeddedDataNode nodeMaster = EmbeddedDataNode.start(MASTER);
             RedisServerProcess replicaOfNode = RedisServerProcess.start()) {
            String expected = scriptEffects(new Endpoint(redisMaster.host(), redisMaster.port()),
                    new Endpoint(replicaOfRedis.host(), replicaOfRedis.port()));
            assertThat(scriptEffects(new Endpoint(nodeMaster.host(), nodeMaster.port()),
                    new Endpoint(replicaOfNode.host(), replicaOfNode.port()))).isEqualTo(expected);
        }
    }

    /** What the master, its replica and the master after reloading its AOF hold once the script ran. */
    private static String scriptEffects(Endpoint master, Endpoint replica) {
        String[] keys = {"MGET", "a", "b", "c", "d", "e"};
        try (RawConnection onMaster = new RawConnection(master.host(), master.port());
             RawConnection onReplica = new RawConnection(replica.host(), replica.port())) {
            assertThat(onReplica.callString("REPLICAOF", master.host(), Integer.toString(master.port())))
                    .isEqualTo("+OK\r\n");
            Datasets.awaitInSync(master, replica);
            String reply = onMaster.callString("EVAL", SCRIPT, "0");
            assertThat(onMaster.callString("SET", "after", "script")).isEqualTo("+OK\r\n");
            Datasets.awaitInSync(master, replica);
            String onMasterNow = onMaster.callString(keys);
            String replicated = onReplica.callString(keys);
            String loadAof = onMaster.callString("DEBUG", "LOADAOF");
            return reply + " master=" + onMasterNow + " replica=" + replicated + loadAof + " fromAof="
                    + onMaster.callString(keys);
        }
    }
}
