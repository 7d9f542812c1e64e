package dev.keyslot.operator;

import dev.keyslot.operator.incluster.ClusterMode;
import dev.keyslot.operator.incluster.ClusterModeSettings;
import dev.keyslot.operator.local.LocalMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The operator's entry point. {@code --cluster [namespace...]} runs against the cluster of the current kubeconfig
 * (or the in-cluster service account), with health and metrics endpoints (see {@link ClusterModeSettings});
 * anything else runs the local mode with an embedded API server and pod simulator, applying the given RedisCluster file (default deploy/examples/rediscluster.yaml).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "--cluster".equals(args[0])) {
            KubernetesClient client = new KubernetesClientBuilder().build();
            Set<String> namespaces = Set.copyOf(Arrays.asList(args).subList(1, args.length));
            var operator = ClusterMode.start(client, ClusterModeSettings.of(namespaces, System.getenv()));
            Runtime.getRuntime().addShutdownHook(new Thread(operator::close));
            new CountDownLatch(1).await();
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "deploy/examples/rediscluster.yaml");
        LocalMode.run(file);
    }
}
