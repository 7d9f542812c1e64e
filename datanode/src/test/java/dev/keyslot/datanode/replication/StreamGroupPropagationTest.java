package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XREADGROUP reaches a replica as its effects (XCLAIM per delivered entry, XGROUP SETID after a NOACK read,
 * XGROUP CREATECONSUMER for a consumer a NOACK read created), as redis-server 7.0 propagates it: a
 * redis-server replica of the data node ends up with the master's consumer groups and pending entries,
 * delivery times and counts included, and both equal what redis-server itself makes of the same reads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamGroupPropagationTest {
    private static final String[][] READS = {
        {"XADD", "s", "1-1", "f", "a"}, {"XADD", "s", "2-1", "f", "b"}, {"XADD", "s", "3-1", "f", "c"},
        {"XADD", "s", "4-1", "f", "d"}, {"XADD", "s", "5-1", "f", "e"}, {"XADD", "s", "6-1", "f", "g"},
        {"XGROUP", "CREATE", "s", "g", "0"}, {"XGROUP", "CREATE", "s", "h", "$"},
        {"XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "g", "bob", "NOACK", "COUNT", "1", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "g", "carol", "NOACK", "COUNT", "1", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "g", "dave", "COUNT", "1", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"},
        {"XGROUP", "SETID", "s", "g", "0"},
        {"XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "h", "erin", "NOACK", "STREAMS", "s", ">"},
        {"XACK", "s", "g", "2-1"},
    };

    @Test
    void aRedisReplicaOfTheDataNodeHasTheSameGroupsAndPendingEntries() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess replica = RedisServerProcess.start();
             RedisServerProcess reference = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess referenceReplica = RedisServerProcess.start();
             RawConnection master = new RawConnection(node.host(), node.port());
             RawConnection blocked = new RawConnection(node.host(), node.port());
             RawConnection ref = new RawConnection(reference.host(), reference.port());
             RawConnection refBlocked = new RawConnection(reference.host(), reference.port())) {
            replicate(replica, node.host(), node.port());
            replicate(referenceReplica, reference.host(), reference.port());
            for (String[] read : READS) {
                assertThat(master.callString(read)).isEqualTo(ref.callString(read));
            }
            // A read served later, when an entry arrives for the blocked consumer.
            String[] block = {"XREADGROUP", "GROUP", "h", "frank", "BLOCK", "10000", "STREAMS", "s", ">"};
            blocked.send(RawConnection.encode(block));
            refBlocked.send(RawConnection.encode(block));
            awaitBlocked(master);
            awaitBlocked(ref);
            String[] add = {"XADD", "s", "7-1", "f", "h"};
            assertThat(master.callString(add)).isEqualTo(ref.callString(add));
            assertThat(blocked.readReplyString()).isEqualTo(refBlocked.readReplyString());

            Datasets.awaitInSync(new Endpoint(node.host(), node.port()), new Endpoint(replica.host(), replica.port()));
            Datasets.awaitInSync(new Endpoint(reference.host(), reference.port()),
                    new Endpoint(referenceReplica.host(), referenceReplica.port()));
            try (RawConnection onReplica = new RawConnection(replica.host(), replica.port());
                 RawConnection onReferenceReplica = new RawConnection(referenceReplica.host(), referenceReplica.port())) {
                assertThat(pendingEntries(onReplica, true)).isEqualTo(pendingEntries(master, true));
                assertThat(pendingEntries(ref, false)).isEqualTo(pendingEntries(master, false));
                assertThat(groups(master)).isEqualTo(groups(ref));
                // Redis 7.0 does not propagate entries-read along with XCLAIM: replicas show it as unknown.
                assertThat(groups(onReplica)).isEqualTo(groups(onReferenceReplica));
            }
        }
    }

    /** Claims with every option, of live and of deleted entries; min-idle-time 0 so that all servers agree. */
    private static final String[][] CLAIMS = {
        {"XADD", "s", "1-1", "f", "a"}, {"XADD", "s", "2-1", "f", "b"}, {"XADD", "s", "3-1", "f", "c"},
        {"XADD", "s", "4-1", "f", "d"}, {"XADD", "s", "5-1", "f", "e"}, {"XADD", "s", "6-1", "f", "g"},
        {"XGROUP", "CREATE", "s", "g", "0"}, {"XGROUP", "CREATE", "s", "h", "0"},
        {"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"},
        {"XREADGROUP", "GROUP", "h", "alice", "COUNT", "3", "STREAMS", "s", ">"},
        {"XCLAIM", "s", "g", "bob", "0", "1-1", "2", "IDLE", "5000"},
        {"XCLAIM", "s", "g", "bob", "0", "3-1", "TIME", "1000", "RETRYCOUNT", "7"},
        {"XCLAIM", "s", "g", "carol", "0", "4-1", "JUSTID"},
        {"XCLAIM", "s", "h", "carol", "0", "5-1", "FORCE", "LASTID", "5-1"},
        {"XCLAIM", "s", "h", "dave", "0", "9-9", "LASTID", "6-1"},
        {"XDEL", "s", "2-1", "6-1"},
        {"XCLAIM", "s", "g", "erin", "0", "2-1", "6-1"},
        {"XDEL", "s", "1-1"},
        {"XAUTOCLAIM", "s", "h", "frank", "0", "0", "COUNT", "2"},
        {"XAUTOCLAIM", "s", "g", "frank", "0", "0", "COUNT", "10", "JUSTID"},
    };

    @Test
    void claimsReachReplicasAsTheirEffectsInBothDirections() throws Exception {
        try (EmbeddedDataNode node = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start();
             RedisServerProcess redisMaster = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start();
             RawConnection onNode = new RawConnection(node.host(), node.port());
             RawConnection onRedis = new RawConnection(redisMaster.host(), redisMaster.port())) {
            replicate(redisReplica, node.host(), node.port());
            try (RawConnection r = new RawConnection(nodeReplica.host(), nodeReplica.port())) {
                r.callString("REPLICAOF", redisMaster.host(), Integer.toString(redisMaster.port()));
            }
            Datasets.await("the data node replica linked", 20_000, () -> "up".equals(
                    Datasets.info(nodeReplica.host(), nodeReplica.port(), "master_link_status")));
            for (String[] claim : CLAIMS) {
                assertThat(onNode.callString(claim)).as("%s", String.join(" ", claim))
                        .isEqualTo(onRedis.callString(claim));
            }
            Datasets.awaitInSync(new Endpoint(node.host(), node.port()),
                    new Endpoint(redisReplica.host(), redisReplica.port()));
            Datasets.awaitInSync(new Endpoint(redisMaster.host(), redisMaster.port()),
                    new Endpoint(nodeReplica.host(), nodeReplica.port()));
            try (RawConnection onRedisReplica = new RawConnection(redisReplica.host(), redisReplica.port());
                 RawConnection onNodeReplica = new RawConnection(nodeReplica.host(), nodeReplica.port())) {
                List<String> nodePel = pendingEntries(onNode, true);
                assertThat(pendingEntries(onRedisReplica, true)).isEqualTo(nodePel);
                assertThat(pendingEntries(onNodeReplica, true)).isEqualTo(pendingEntries(onRedis, true));
                assertThat(pendingEntries(onRedis, false)).isEqualTo(pendingEntries(onNode, false));
                assertThat(groups(onRedisReplica)).isEqualTo(groups(onNodeReplica));
                assertThat(nodePel).as("the claims did claim: %s", nodePel).anyMatch(l -> l.contains("consumer frank pending"));
            }
        }
    }

    private static void awaitBlocked(RawConnection conn) {
        Datasets.await("the XREADGROUP to block", 10_000,
                () -> conn.callString("CLIENT", "LIST").contains("cmd=xreadgroup"));
    }

    private static void replicate(RedisServerProcess replica, String host, int port) {
        try (RawConnection r = new RawConnection(replica.host(), replica.port())) {
            r.callString("REPLICAOF", host, Integer.toString(port));
        }
        Datasets.await("the replica linked", 20_000, () -> "up".equals(
                Datasets.info(replica.host(), replica.port(), "master_link_status")));
    }

    /** XINFO GROUPS s: per group its consumers, pending count, last delivered ID, entries read and lag. */
    private static String groups(RawConnection conn) {
        return RespNode.parse(conn.call("XINFO", "GROUPS", "s")).children.stream()
                .map(g -> g.texts().toString()).toList().toString();
    }

    /**
     * The consumers and pending entries of s's groups; with exactTimes the delivery time of each pending entry
     * too (a replica gets the master's), left out between two independent servers.
     */
    private static List<String> pendingEntries(RawConnection conn, boolean exactTimes) {
        List<String> out = new ArrayList<>();
        for (String group : List.of("g", "h")) {
            for (RespNode consumer : RespNode.parse(conn.call("XINFO", "CONSUMERS", "s", group)).children) {
                out.add(group + " consumer " + consumer.children.get(1).text + " pending "
                        + consumer.children.get(3).text);
            }
            for (RespNode p : RespNode.parse(conn.call("XPENDING", "s", group, "-", "+", "100")).children) {
                out.add(group + " pending " + p.children.get(0).text + " " + p.children.get(1).text
                        + " delivered " + p.children.get(3).text);
            }
        }
        if (exactTimes) {
            out.add(deliveryTimes(conn));
        }
        return out;
    }

    /** XINFO STREAM FULL's delivery times of the group's PEL entries ([id, consumer, delivery-time, count]). */
    private static String deliveryTimes(RawConnection conn) {
        RespNode full = RespNode.parse(conn.call("XINFO", "STREAM", "s", "FULL"));
        List<String> times = new ArrayList<>();
        RespNode groups = full.children.get(full.texts().indexOf("groups") + 1);
        for (RespNode group : groups.children) {
            RespNode pel = group.children.get(group.texts().indexOf("pending") + 1);
            for (RespNode p : pel.isAggregate() ? pel.children : List.<RespNode>of()) {
                times.add(p.texts().toString());
            }
        }
        return times.toString();
    }
}
