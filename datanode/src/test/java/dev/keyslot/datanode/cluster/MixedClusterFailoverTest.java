package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.List;

import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover across a mixed cluster: two data node masters and a redis-server master with a redis-server
 * replica. When the redis master dies, its replica can only win the election with the data nodes' votes;
 * a manual CLUSTER FAILOVER needs them too; and a data node can take a shard over by CLUSTER FAILOVER
 * TAKEOVER, which the redis-server nodes accept through the epochs.
 */
class MixedClusterFailoverTest {
    private static final String DN1 = "127.0.2.21";
    private static final String DN2 = "127.0.2.22";
    private static final String RM = "127.0.2.23";
    private static final String RR = "127.0.2.24";
    private static final String DN3 = "127.0.2.25";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(1500);
    private RedisServerProcess redisMaster;

    @BeforeEach
    void formCluster() throws Exception {
        cluster.dataNode(DN1);
        cluster.dataNode(DN2);
        redisMaster = cluster.redis(RM);
        cluster.redis(RR);
        for (String host : List.of(DN2, RM, RR)) {
            assertThat(call(DN1, "CLUSTER", "MEET", host, "6379")).isEqualTo("+OK\r\n");
        }
        assertThat(call(DN1, "CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo("+OK\r\n");
        assertThat(call(DN2, "CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo("+OK\r\n");
        assertThat(call(RM, "CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo("+OK\r\n");
        String masterId = myId(RM);
        await("the replica knows the redis master", 20_000, () -> call(RR, "CLUSTER", "NODES").contains(masterId));
        assertThat(call(RR, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        for (String host : List.of(DN1, DN2, RM, RR)) {
            await("cluster_state:ok on " + host, 20_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        await("the data nodes see the replica", 20_000,
                () -> call(DN1, "CLUSTER", "NODES").contains(myId(RR) + " " + RR + ":6379@16379 slave " + masterId));
        await("the replica is in sync", 20_000, () -> call(RR, "INFO", "replication").contains("master_link_status:up"));
        assertThat(call(RM, "SET", "{a}k", "v")).isEqualTo("+OK\r\n");
    }

    @Test
    void theDataNodesVoteForTheReplicaOfAFailedRedisMaster() throws Exception {
        String replicaId = myId(RR);
        await("the write reached the replica", 10_000, () -> call(RR, "INFO", "keyspace").contains("keys=1"));
        redisMaster.close();
        for (String dataNode : List.of(DN1, DN2)) {
            await(dataNode + " sees the replica promoted by the data nodes' votes", 30_000,
                    () -> call(dataNode, "CLUSTER", "NODES").contains(replicaId + " " + RR + ":6379@16379 master - 0")
                            && call(dataNode, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        assertThat(call(DN1, "CLUSTER", "NODES")).contains("connected 10923-16383");
        for (String dataNode : List.of(DN1, DN2)) {
            assertThat(Files.readString(cluster.directory(dataNode).resolve("nodes.conf"))).as("%s voted", dataNode)
                    .containsPattern("lastVoteEpoch [1-9]");
        }
        assertThat(call(RR, "GET", "{a}k")).isEqualTo("$1\r\nv\r\n");
        assertThat(call(DN2, "GET", "{a}k")).isEqualTo("-MOVED 15495 " + RR + ":6379\r\n");
    }

    @Test
    void aManualFailoverOfTheRedisShardIsAgreedByTheDataNodes() throws Exception {
        String replicaId = myId(RR);
        String masterId = myId(RM);
        assertThat(call(RR, "CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
        await("the replica and master swap roles", 30_000,
                () -> call(DN1, "CLUSTER", "NODES").contains(replicaId + " " + RR + ":6379@16379 master")
                        && call(DN1, "CLUSTER", "NODES").contains(masterId + " " + RM + ":6379@16379 slave " + replicaId));
        assertThat(call(RR, "GET", "{a}k")).isEqualTo("$1\r\nv\r\n");
    }

    @Test
    void aDataNodeTakesOverARedisShardWithANewEpoch() throws Exception {
        String masterId = myId(RM);
        assertThat(call(DN2, "CLUSTER", "FAILOVER")).isEqualTo("-ERR You should send CLUSTER FAILOVER to a replica\r\n");
        assertThat(call(DN2, "CLUSTER", "FAILOVER", "NOW")).isEqualTo("-ERR syntax error\r\n");
        assertThat(call(DN2, "CLUSTER", "FAILOVER", "FORCE", "X"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'FAILOVER'. Try CLUSTER HELP.\r\n");
        cluster.dataNode(DN3);
        String dn3Id = myId(DN3);
        assertThat(call(DN3, "CLUSTER", "MEET", DN1, "6379")).isEqualTo("+OK\r\n");
        await("the new data node learns the redis master", 20_000, () -> call(DN3, "CLUSTER", "NODES").contains(masterId));
        assertThat(call(DN3, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("redis sees the data node as a replica", 20_000,
                () -> call(RM, "CLUSTER", "NODES").contains(dn3Id + " " + DN3 + ":6379@16379 slave " + masterId));
        assertThat(call(DN3, "CLUSTER", "FAILOVER", "TAKEOVER")).isEqualTo("+OK\r\n");
        await("the redis nodes accept the takeover", 20_000,
                () -> call(RR, "CLUSTER", "NODES").contains(dn3Id + " " + DN3 + ":6379@16379 master - 0")
                        && call(RM, "CLUSTER", "NODES").contains("myself,slave " + dn3Id)
                        && call(RR, "CLUSTER", "NODES").contains("slave " + dn3Id));
        await("the data nodes redirect to the new master", 20_000,
                () -> call(DN1, "GET", "{a}k").equals("-MOVED 15495 " + DN3 + ":6379\r\n"));
    }
}
