package dev.keyslot.operator.testing;

import dev.keyslot.operator.OperatorRunner;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.reconciler.SecretPassword;
import dev.keyslot.operator.simulator.AddressPool;
import dev.keyslot.operator.simulator.MockApiServer;
import dev.keyslot.operator.simulator.PodSimulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** Mock API server, pod simulator (pod IPs 127.0.1.first..last) and the operator, for one namespace. */
public final class SimulatedEnvironment implements AutoCloseable {
    private final String namespace;
    private final MockApiServer api;
    private final PodSimulator simulator;
    private OperatorRunner.Running operator;

    public SimulatedEnvironment(String namespace, int firstHost, int lastHost) {
        TestNodes.requireRedisServer();
        this.namespace = namespace;
        try {
            api = MockApiServer.start(0);
            simulator = new PodSimulator(api.client(), namespace, new AddressPool("127.0.1.", firstHost, lastHost),
                    Files.createTempDirectory("keyslot-" + namespace)).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        operator = OperatorRunner.startHaltable(api.client(), Set.of(namespace));
    }

    /** Kills the operator as abruptly as a crash (no action started after this) and starts a fresh one. */
    public void restartOperator() {
        operator.halt();
        operator = OperatorRunner.startHaltable(api.client(), Set.of(namespace));
    }

    public KubernetesClient client() {
        return api.client();
    }

    public PodSimulator simulator() {
        return simulator;
    }

    public void create(String name, Consumer<RedisClusterSpec> spec) {
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        spec.accept(cluster.getSpec());
        client().resource(cluster).create();
    }

    public void edit(String name, Consumer<RedisClusterSpec> change) {
        client().resources(RedisCluster.class).inNamespace(namespace).withName(name).edit(c -> {
            change.accept(c.getSpec());
            return c;
        });
    }

    public RedisCluster get(String name) {
        return client().resources(RedisCluster.class).inNamespace(namespace).withName(name).get();
    }

    /** Ready for the current generation with the given number of masters serving slots. */
    public boolean isReady(String name, int masters) {
        RedisCluster cluster = get(name);
        RedisClusterStatus status = cluster == null ? null : cluster.getStatus();
        return status != null && "Ready".equals(status.getPhase()) && status.getReadyMasters() == masters
                && Objects.equals(status.getObservedGeneration(), cluster.getMetadata().getGeneration())
                && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public String password(String name) {
        return SecretPassword.of(client().secrets().inNamespace(namespace).withName(name + "-auth").get()).orElseThrow();
    }

    @Override
    public void close() {
        operator.halt();
        simulator.close();
        api.close();
    }
}
