package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.DataNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole cluster restarted at once on new addresses, as pods rescheduled together are, heals by itself:
 * every node keeps its nodes.conf and its hostname (cluster-announce-hostname), and the peers find each
 * other by looking the names up again. The nodes run as separate processes whose name lookups go through
 * a hosts file (the JDK's jdk.net.hosts.file), which the test rewrites between the two lives of the cluster.
 */
class ClusterHostnameHealingTest {
    private static final List<String> NAMES = List.of("dn-a.keyslot.test", "dn-b.keyslot.test", "dn-c.keyslot.test");
    private static final List<String> FIRST_IPS = List.of("127.0.2.51", "127.0.2.52", "127.0.2.53");
    private static final List<String> SECOND_IPS = List.of("127.0.2.61", "127.0.2.62", "127.0.2.63");
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() throws InterruptedException {
        stop();
    }

    @Test
    void aClusterRestartedWithAllNewAddressesFindsItselfByHostname() throws Exception {
        Path hosts = dir.resolve("hosts");
        writeHosts(hosts, FIRST_IPS);
        startAll(hosts, FIRST_IPS);
        call(FIRST_IPS.get(0), "CLUSTER", "MEET", FIRST_IPS.get(1), "6379");
        call(FIRST_IPS.get(0), "CLUSTER", "MEET", FIRST_IPS.get(2), "6379");
        call(FIRST_IPS.get(0), "CLUSTER", "ADDSLOTSRANGE", "0", "5460");
        call(FIRST_IPS.get(1), "CLUSTER", "ADDSLOTSRANGE", "5461", "10922");
        call(FIRST_IPS.get(2), "CLUSTER", "ADDSLOTSRANGE", "10923", "16383");
        for (String ip : FIRST_IPS) {
            await("cluster ok and every hostname known on " + ip, 60_000, () -> {
                String nodes = call(ip, "CLUSTER", "NODES");
                return call(ip, "CLUSTER", "INFO").contains("cluster_state:ok")
                        && NAMES.stream().allMatch(name -> nodes.contains("," + name + " "));
            });
        }
        List<String> ids = new ArrayList<>();
        for (String ip : FIRST_IPS) {
            ids.add(call(ip, "CLUSTER", "MYID").split("\r\n")[1]);
        }

        stop();
        writeHosts(hosts, SECOND_IPS);
        startAll(hosts, SECOND_IPS);

        for (String ip : SECOND_IPS) {
            await("the restarted cluster is ok with every new address on " + ip, 90_000, () -> {
                String nodes = call(ip, "CLUSTER", "NODES");
                return call(ip, "CLUSTER", "INFO").contains("cluster_state:ok")
                        && SECOND_IPS.stream().allMatch(other -> nodes.contains(" " + other + ":6379@16379,"));
            });
        }
        String view = call(SECOND_IPS.get(0), "CLUSTER", "NODES");
        for (int i = 0; i < 3; i++) {
            assertThat(view).contains(ids.get(i) + " " + SECOND_IPS.get(i) + ":6379@16379," + NAMES.get(i) + " ");
        }
        assertThat(view).contains("myself,master").doesNotContain("127.0.2.5");
        assertThat(call(SECOND_IPS.get(0), "GET", "foo")).isEqualTo("-MOVED 12182 " + SECOND_IPS.get(2) + ":6379\r\n");
    }

    private void startAll(Path hosts, List<String> ips) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < 3; i++) {
            Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + hosts,
                    "-Dsun.net.inetaddr.ttl=0", "-cp", System.getProperty("java.class.path"), DataNode.class.getName(),
                    "--bind", ips.get(i), "--port", "6379", "--bind-source-addr", ips.get(i),
                    "--cluster-enabled", "yes", "--cluster-node-timeout", "3000",
                    "--cluster-announce-hostname", NAMES.get(i), "--dir", nodeDir.toString(),
                    "--logfile", nodeDir.resolve("node.log").toString());
            pb.redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile());
            processes.add(pb.start());
        }
        for (String ip : ips) {
            await("node " + ip + " accepts connections", 120_000, () -> {
                try {
                    return call(ip, "PING").equals("+PONG\r\n");
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }
    }

    private void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        processes.clear();
    }

    private static void writeHosts(Path hosts, List<String> ips) throws IOException {
        StringBuilder sb = new StringBuilder("127.0.0.1 localhost\n");
        for (int i = 0; i < 3; i++) {
            sb.append(ips.get(i)).append(' ').append(NAMES.get(i)).append('\n');
        }
        Files.writeString(hosts, sb.toString());
    }


}
