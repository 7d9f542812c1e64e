package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackNodes;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.TestCertificates;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tls-cluster of two data nodes and one redis-server 7.0: the bus runs over TLS, redis-cli --tls --cluster
 * creates it, the TLS port is announced (the plain port to plain text clients, as Redis's pport), CLUSTER
 * SHARDS has both, MIGRATE goes over TLS, and Jedis and Lettuce cluster clients route over TLS.
 */
class TlsClusterTest {
    private static TestCertificates certs;
    private static final List<EmbeddedDataNode> DATA_NODES = new ArrayList<>();
    private static RedisServerProcess redis;
    /** Plain and TLS client ports of the nodes: data node, data node, redis-server. */
    private static final int[] PLAIN = new int[3];
    private static final int[] TLS = new int[3];

    /** The node timeout is long because a loaded machine can take seconds for a JDK TLS handshake, and a
     * node that does not hear back from a MEET within the timeout forgets the peer. */
    @BeforeAll
    static void createCluster() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        certs = TestCertificates.create();
        for (int i = 0; i < 3; i++) {
            TLS[i] = Ports.free();
            List<String> args = new ArrayList<>(certs.nodeArgs(TLS[i]));
            args.addAll(List.of("--tls-cluster", "yes", "--tls-replication", "yes", "--cluster-enabled", "yes",
                    "--cluster-node-timeout", "20000", "--cluster-port", Integer.toString(Ports.free())));
            if (i < 2) {
                EmbeddedDataNode node = EmbeddedDataNode.start(args.toArray(new String[0]));
                DATA_NODES.add(node);
                PLAIN[i] = node.port();
            } else {
                redis = RedisServerProcess.start(args.toArray(new String[0]));
                PLAIN[i] = redis.port();
            }
        }
        List<String> create = new ArrayList<>(List.of(cli));
        create.addAll(certs.cliArgs(true));
        create.addAll(List.of("--cluster", "create"));
        for (int port : TLS) {
            create.add("127.0.0.1:" + port);
        }
        create.add("--cluster-yes");
        assertThat(TestCertificates.run(create.toArray(new String[0]))).contains("[OK] All 16384 slots covered.");
        for (int port : PLAIN) {
            LoopbackNodes.await("cluster_state:ok on " + port, 30_000,
                    () -> call(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        DATA_NODES.forEach(EmbeddedDataNode::close);
        if (redis != null) {
            redis.close();
        }
        certs.close();
    }

    private static String call(int port, String... args) {
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            return c.callString(args);
        }
    }

    private static String tlsCall(int port, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "-p", Integer.toString(port)));
        args.addAll(certs.cliArgs(true));
        args.addAll(List.of(command));
        return TestCertificates.run(args.toArray(new String[0]));
    }

    @Test
    void nodesAnnounceTheTlsPortAndThePlainOneToPlainClients() throws Exception {
        for (int node = 0; node < 3; node++) {
            String overTls = tlsCall(TLS[node], "CLUSTER", "NODES");
            String plain = call(PLAIN[node], "CLUSTER", "NODES");
            for (int other = 0; other < 3; other++) {
                assertThat(overTls).as("CLUSTER NODES over TLS of node %d", node).contains("127.0.0.1:" + TLS[other] + "@");
                assertThat(plain).as("CLUSTER NODES in plain text of node %d", node).contains("127.0.0.1:" + PLAIN[other] + "@");
            }
            String shards = tlsCall(TLS[node], "CLUSTER", "SHARDS");
            for (int other = 0; other < 3; other++) {
                assertThat(shards).contains("tls-port\n" + TLS[other] + "\n").contains("port\n" + PLAIN[other] + "\n");
            }
            assertThat(tlsCall(TLS[node], "CLUSTER", "SLOTS")).contains(Integer.toString(TLS[(node + 1) % 3]));
            assertThat(call(PLAIN[node], "CLUSTER", "SLOTS")).contains(":" + PLAIN[(node + 1) % 3] + "\r\n");
        }
    }

    @Test
    void movedRedirectsNameThePortOfTheClientsKind() throws Exception {
        String key = keyOwnedBy(2);
        assertThat(call(PLAIN[0], "GET", key)).endsWith("127.0.0.1:" + PLAIN[2] + "\r\n").startsWith("-MOVED ");
        assertThat(tlsCall(TLS[0], "GET", key)).contains("127.0.0.1:" + TLS[2]);
        String dataNodeKey = keyOwnedBy(1);
        assertThat(call(PLAIN[2], "GET", dataNodeKey)).endsWith("127.0.0.1:" + PLAIN[1] + "\r\n");
    }

    /** A key whose slot the node with the given index serves, found by asking it. */
    private static String keyOwnedBy(int node) {
        for (int i = 0; i < 1000; i++) {
            String key = "key:" + i;
            if (!call(PLAIN[node], "GET", key).startsWith("-MOVED")) {
                return key;
            }
        }
        throw new AssertionError("no key found for node " + node);
    }

    @Test
    void migrateBetweenTlsNodes() throws Exception {
        String key = keyOwnedBy(0);
        String slot = call(PLAIN[0], "CLUSTER", "KEYSLOT", key).substring(1).trim();
        String sourceId = call(PLAIN[0], "CLUSTER", "MYID").split("\r\n")[1];
        String targetId = call(PLAIN[2], "CLUSTER", "MYID").split("\r\n")[1];
        assertThat(call(PLAIN[0], "SET", key, "travels over tls")).isEqualTo("+OK\r\n");
        assertThat(call(PLAIN[2], "CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId)).isEqualTo("+OK\r\n");
        assertThat(call(PLAIN[0], "CLUSTER", "SETSLOT", slot, "MIGRATING", targetId)).isEqualTo("+OK\r\n");
        assertThat(call(PLAIN[0], "MIGRATE", "127.0.0.1", Integer.toString(TLS[2]), key, "0", "5000")).isEqualTo("+OK\r\n");
        for (int port : PLAIN) {
            assertThat(call(port, "CLUSTER", "SETSLOT", slot, "NODE", targetId)).isEqualTo("+OK\r\n");
        }
        assertThat(call(PLAIN[2], "GET", key)).isEqualTo("$16\r\ntravels over tls\r\n");
        assertThat(call(PLAIN[0], "CLUSTER", "SETSLOT", slot, "IMPORTING", targetId)).isEqualTo("+OK\r\n");
        assertThat(call(PLAIN[2], "CLUSTER", "SETSLOT", slot, "MIGRATING", sourceId)).isEqualTo("+OK\r\n");
        assertThat(call(PLAIN[2], "MIGRATE", "127.0.0.1", Integer.toString(TLS[0]), key, "0", "5000")).isEqualTo("+OK\r\n");
        for (int port : PLAIN) {
            assertThat(call(port, "CLUSTER", "SETSLOT", slot, "NODE", sourceId)).isEqualTo("+OK\r\n");
        }
        assertThat(call(PLAIN[0], "GET", key)).isEqualTo("$16\r\ntravels over tls\r\n");
    }

    @Test
    void redisCliJedisAndLettuceClusterClientsOverTls() throws Exception {
        List<String> cli = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "-c", "-p", Integer.toString(TLS[0])));
        cli.addAll(certs.cliArgs(true));
        List<String> set = new ArrayList<>(cli);
        set.addAll(List.of("SET", "cli-key", "routed"));
        assertThat(TestCertificates.run(set.toArray(new String[0])).trim()).isEqualTo("OK");
        assertThat(tlsCall(TLS[1], "-c", "GET", "cli-key").trim()).isEqualTo("routed");

        var config = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(certs.clientContext(true).getSocketFactory()).build();
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", TLS[1])), config)) {
            for (int i = 0; i < 30; i++) {
                cluster.set("jedis:" + i, "v" + i);
            }
            for (int i = 0; i < 30; i++) {
                assertThat(cluster.get("jedis:" + i)).isEqualTo("v" + i);
            }
        }

        RedisClusterClient client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(TLS[0]).withSsl(true).build());
        client.setOptions(ClusterClientOptions.builder().sslOptions(TlsTestSsl.lettuce(certs)).build());
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            for (int i = 0; i < 30; i++) {
                assertThat(c.sync().set("lettuce:" + i, "v" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 30; i++) {
                assertThat(c.sync().get("lettuce:" + i)).isEqualTo("v" + i);
            }
        } finally {
            client.shutdown();
        }
    }
}
