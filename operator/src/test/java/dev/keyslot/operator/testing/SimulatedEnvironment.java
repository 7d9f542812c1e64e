package dev.keyslot.operator.testing;

import dev.keyslot.operator.OperatorRunner;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.simulator.AddressPool;
import dev.keyslot.operator.simulator.MockApiServer;
import dev.keyslot.operator.simulator.PodSimulator;
import dev.keyslot.operator.simulator.SimulatedNetwork;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Mock API server, pod simulator (pod IPs in the {@link TestSubnet}, hosts first..last) and the operator, for one
 * namespace. A scenario class registers it as a JUnit extension ({@code @RegisterExtension static final}): the pod
 * simulator and the operator start before the class's tests, every RedisCluster is deleted (and its nodes stopped)
 * after each test, and the operator, the simulator and its network stop after the class. The API server starts with
 * the object and stays up until the JVM exits, so a class can keep its client in a constant and a failed test can be
 * run again (surefire's rerun starts the class's extensions anew in the same JVM). Outside JUnit, {@link #start()} it
 * and close it.
 */
public final class SimulatedEnvironment implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
    /**
     * The operator looks at a Ready cluster again after this, not the production 10 s: scenarios wait on what such a
     * reconcile notices (a crashed pod, a changed Secret, a grace period over) many times each.
     */
    private static final Duration IDLE_REQUEUE = Duration.ofSeconds(2);
    private final MockApiServer api;
    private final String namespace;
    private final int firstHost;
    private final int lastHost;
    private final Consumer<HttpClient.Builder> operatorHttp;
    private final RedisClusters clusters;
    /** Private addresses behind a partitionable network, or null for pods on their public addresses. */
    private final String privatePrefix;
    private SimulatedNetwork network;
    private final AtomicBoolean apiClosed = new AtomicBoolean();
    private PodSimulator simulator;
    private KubernetesClient operatorClient;
    private OperatorRunner.Running operator;
    /** The operator's meters, kept across {@link #restartOperator()} so a scenario counts all it did. */
    private SimpleMeterRegistry meters;

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
        }, TestSubnet.privatePrefix());
    }

    private SimulatedEnvironment(String namespace, int firstHost, int lastHost, Consumer<HttpClient.Builder> operatorHttp,
                                 String privatePrefix) {
        this.namespace = namespace;
        this.firstHost = firstHost;
        this.lastHost = lastHost;
        this.operatorHttp = operatorHttp;
        this.privatePrefix = privatePrefix;
        api = MockApiServer.start(0);
        clusters = new RedisClusters(api.client(), namespace);
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeApi, "close-" + namespace));
    }

    /** Starts the pod simulator and the operator. */
    public SimulatedEnvironment start() {
        TestNodes.requireRedisServer();
        network = privatePrefix == null ? null : new SimulatedNetwork(privatePrefix);
        try {
            simulator = new PodSimulator(api.client(), namespace, new AddressPool(TestSubnet.prefix(), firstHost, lastHost),
                    Files.createTempDirectory("keyslot-" + namespace), network).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        operatorClient = new KubernetesClientBuilder().withConfig(api.client().getConfiguration())
                .withHttpClientBuilderConsumer(operatorHttp).build();
        meters = new SimpleMeterRegistry();
        operator = OperatorRunner.startHaltable(operatorClient, Set.of(namespace), meters, IDLE_REQUEUE);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deleteClusters();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Kills the operator as abruptly as a crash (no action started after this) and starts a fresh one. */
    public void restartOperator() {
        operator.halt();
        operator = OperatorRunner.startHaltable(operatorClient, Set.of(namespace), meters, IDLE_REQUEUE);
    }

    /** The sum of the operator's counter with this name for one cluster (0 when it has none yet). */
    public double counted(String meter, String cluster) {
        return meters.find(meter).tag("cluster", cluster).counters().stream().mapToDouble(Counter::count).sum();
    }

    public KubernetesClient client() {
        return api.client();
    }

    /** The partitionable network, when the environment was created with one. */
    public SimulatedNetwork network() {
        if (privatePrefix == null) {
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

    /**
     * Creates a RedisCluster whose nodes start a replica's full sync at once ({@code repl-diskless-sync-delay 0} unless
     * the spec sets it): with the default 5 s a master waits for more replicas that never come, at every bootstrap,
     * replica added and node restarted of every scenario.
     */
    public void create(String name, Consumer<RedisClusterSpec> spec) {
        clusters.create(name, spec.andThen(s -> {
            Map<String, String> config = new LinkedHashMap<>(s.getConfig());
            config.putIfAbsent("repl-diskless-sync-delay", "0");
            s.setConfig(config);
        }));
    }

    /**
     * The usual start of a scenario: creates a 3x1 cluster of the image with the node timeout and a 1Gi volume per
     * node (restarted pods keep their node identity), changed further by {@code more}, and waits until it is Ready.
     */
    public void createReady(String name, NodeImage image, long nodeTimeoutMillis, Duration timeout, Consumer<RedisClusterSpec> more) {
        create(name, spec -> {
            spec.setImage(image.image());
            spec.setNodeTimeoutMillis(nodeTimeoutMillis);
            spec.getStorage().setSize("1Gi");
            more.accept(spec);
        });
        awaitCluster(name, "3x1 Ready", timeout, () -> isReady(name, 3));
    }

    public void createReady(String name, NodeImage image, long nodeTimeoutMillis, Duration timeout) {
        createReady(name, image, nodeTimeoutMillis, timeout, spec -> {
        });
    }

    /** Await.until, failing with the cluster's status message and nodes so a timeout says what the operator waited for. */
    public void awaitCluster(String cluster, String what, Duration timeout, BooleanSupplier condition) {
        try {
            Await.until(what, timeout, condition);
        } catch (AssertionError e) {
            RedisClusterStatus status = get(cluster).getStatus();
            throw new AssertionError(e.getMessage() + "; status: " + (status == null ? "none" : status.getPhase() + ": "
                    + status.getMessage() + " nodes " + status.getNodes().stream()
                    .map(n -> n.getPod() + "=" + n.getRole() + "@" + n.getIp() + "/" + n.getLinkState()).toList()), e);
        }
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

    /**
     * Deletes every RedisCluster of the namespace and waits until they (their finalizer done) and their pods, and so
     * their nodes, are gone: a rerun of a failed scenario creates a cluster of the same name.
     */
    public void deleteClusters() {
        api.client().resources(RedisCluster.class).inNamespace(namespace).delete();
        Await.until("every cluster and its pods deleted", Duration.ofSeconds(60),
                () -> api.client().resources(RedisCluster.class).inNamespace(namespace).list().getItems().isEmpty()
                        && api.client().pods().inNamespace(namespace).list().getItems().isEmpty());
    }

    @Override
    public void close() {
        stop();
        closeApi();
    }

    /** Stops the operator, kills every pod and closes the network's relays; {@link #start()} brings them back. */
    private void stop() {
        if (operator != null) {
            operator.halt();
            operatorClient.close();
            operator = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (network != null) {
            network.close();
            network = null;
        }
    }

    private void closeApi() {
        if (!apiClosed.getAndSet(true)) {
            api.close();
        }
    }
}
