package dev.keyslot.operator.testing;

import dev.keyslot.operator.OperatorRunner;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.simulator.AddressPool;
import dev.keyslot.operator.simulator.MockApiServer;
import dev.keyslot.operator.simulator.PodSimulator;
import dev.keyslot.operator.simulator.SimulatedNetwork;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/** Mock API server, pod simulator (pod IPs in the {@link TestSubnet}, hosts first..last) and the operator, for one namespace. */
public final class SimulatedEnvironment implements AutoCloseable {
    private final MockApiServer api;
    private final PodSimulator simulator;
    private final String namespace;
    private final KubernetesClient operatorClient;
    private OperatorRunner.Running operator;
    private final RedisClusters clusters;
    private final SimulatedNetwork network;

    public SimulatedEnvironment(String namespace, int firstHost, int lastHost) {
        this(namespace, firstHost, lastHost, http -> {
        });
    }

    /** @param operatorHttp changes to the operator's own HTTP client, e.g. an interceptor recording its requests */
    public SimulatedEnvironment(String namespace, int firstHost, int lastHost, Consumer<HttpClient.Builder> operatorHttp) {
        this(namespace, firstHost, lastHost, operatorHttp, null);
    }

    /** Pods behind a partitionable network (private addresses from {@link TestSubnet#privatePrefix()}). */
    public static SimulatedEnvironment withPartitionableNetwork(String namespace, int firstHost, int lastHost) {
        return new SimulatedEnvironment(namespace, firstHost, lastHost, http -> {
        }, new SimulatedNetwork(TestSubnet.privatePrefix()));
    }

    private SimulatedEnvironment(String namespace, int firstHost, int lastHost, Consumer<HttpClient.Builder> operatorHttp,
                                 SimulatedNetwork network) {
        TestNodes.requireRedisServer();
        this.network = network;
        try {
            api = MockApiServer.start(0);
            simulator = new PodSimulator(api.client(), namespace, new AddressPool(TestSubnet.prefix(), firstHost, lastHost),
                    Files.createTempDirectory("keyslot-" + namespace), network).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.namespace = namespace;
        operatorClient = new KubernetesClientBuilder().withConfig(api.client().getConfiguration())
                .withHttpClientBuilderConsumer(operatorHttp).build();
        operator = OperatorRunner.startHaltable(operatorClient, Set.of(namespace));
        clusters = new RedisClusters(api.client(), namespace);
    }

    /** Kills the operator as abruptly as a crash (no action started after this) and starts a fresh one. */
    public void restartOperator() {
        operator.halt();
        operator = OperatorRunner.startHaltable(operatorClient, Set.of(namespace));
    }

    public KubernetesClient client() {
        return api.client();
    }

    /** The partitionable network, when the environment was created with one. */
    public SimulatedNetwork network() {
        if (network == null) {
            throw new IllegalStateException("this environment runs its pods without a simulated network");
        }
        return network;
    }

    public PodSimulator simulator() {
        return simulator;
    }

    public RedisClusters clusters() {
        return clusters;
    }

    public void create(String name, Consumer<RedisClusterSpec> spec) {
        clusters.create(name, spec);
    }

    public void edit(String name, Consumer<RedisClusterSpec> change) {
        clusters.edit(name, change);
    }

    public RedisCluster get(String name) {
        return clusters.get(name);
    }

    /** Ready for the current generation with the given number of masters serving slots. */
    public boolean isReady(String name, int masters) {
        return clusters.isReady(name, masters);
    }

    public String password(String name) {
        return clusters.password(name);
    }

    /** Deletes every RedisCluster of the namespace and waits until their pods, and so their nodes, are gone. */
    public void deleteClusters() {
        api.client().resources(RedisCluster.class).inNamespace(namespace).delete();
        Await.until("every cluster's pods deleted", Duration.ofSeconds(60),
                () -> api.client().pods().inNamespace(namespace).list().getItems().isEmpty());
    }

    @Override
    public void close() {
        operator.halt();
        operatorClient.close();
        simulator.close();
        if (network != null) {
            network.close();
        }
        api.close();
    }
}
