package dev.keyslot.datanode.tls;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackNodes;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tls-replication with redis-server 7.0 on either side: the replica connects to its master's TLS port with
 * its certificate, announces its own TLS port, and the data set and the command stream arrive.
 */
class TlsReplicationTest {
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        RedisServerProcess.requireTool("redis-server");
        certs = TestCertificates.create();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        certs.close();
    }

    private static String[] tlsArgs(int tlsPort) {
        List<String> args = new ArrayList<>(certs.nodeArgs(tlsPort));
        args.addAll(List.of("--tls-replication", "yes"));
        return args.toArray(new String[0]);
    }

    private static String call(int port, String... args) {
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            return c.callString(args);
        }
    }

    private static String info(int port) {
        return call(port, "INFO", "replication");
    }

    @Test
    void dataNodeReplicatesFromRedisServerOverTls() throws Exception {
        int masterTls = Ports.free();
        try (RedisServerProcess master = RedisServerProcess.start(tlsArgs(masterTls));
             EmbeddedDataNode replica = EmbeddedDataNode.start(tlsArgs(Ports.free()))) {
            call(master.port(), "SET", "before", "sync");
            assertThat(call(replica.port(), "REPLICAOF", "127.0.0.1", Integer.toString(masterTls))).isEqualTo("+OK\r\n");
            LoopbackNodes.await("the link to the TLS master", 30_000,
                    () -> info(replica.port()).contains("master_link_status:up"));
            call(master.port(), "SET", "after", "stream");
            LoopbackNodes.await("the streamed write", 10_000,
                    () -> call(replica.port(), "GET", "after").equals("$6\r\nstream\r\n"));
            assertThat(call(replica.port(), "GET", "before")).isEqualTo("$4\r\nsync\r\n");
            assertThat(info(master.port())).contains("slave0:ip=127.0.0.1,port=" + replica.server().tlsPort() + ",");
        }
    }

    @Test
    void redisServerReplicatesFromDataNodeOverTls() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start(tlsArgs(Ports.free()))) {
            call(master.port(), "SET", "before", "sync");
            int replicaTls = Ports.free();
            List<String> args = new ArrayList<>(List.of(tlsArgs(replicaTls)));
            args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.server().tlsPort())));
            try (RedisServerProcess replica = RedisServerProcess.start(args.toArray(new String[0]))) {
                LoopbackNodes.await("redis-server's link to the TLS data node", 30_000,
                        () -> info(replica.port()).contains("master_link_status:up"));
                call(master.port(), "SET", "after", "stream");
                LoopbackNodes.await("the streamed write", 10_000,
                        () -> call(replica.port(), "GET", "after").equals("$6\r\nstream\r\n"));
                assertThat(call(replica.port(), "GET", "before")).isEqualTo("$4\r\nsync\r\n");
                assertThat(info(master.port())).contains("slave0:ip=127.0.0.1,port=" + replicaTls + ",");
            }
        }
    }

    @Test
    void dataNodeReplicaRefusedByAMasterThatDoesNotTrustIt() throws Exception {
        int masterTls = Ports.free();
        List<String> masterArgs = new ArrayList<>(List.of(tlsArgs(masterTls)));
        masterArgs.addAll(List.of("--tls-ca-cert-file", certs.cert("client").toString()));
        try (RedisServerProcess master = RedisServerProcess.start(masterArgs.toArray(new String[0]));
             EmbeddedDataNode replica = EmbeddedDataNode.start(tlsArgs(Ports.free()))) {
            call(replica.port(), "REPLICAOF", "127.0.0.1", Integer.toString(masterTls));
            Thread.sleep(2000);
            assertThat(info(replica.port())).contains("master_link_status:down");
        }
    }
}
