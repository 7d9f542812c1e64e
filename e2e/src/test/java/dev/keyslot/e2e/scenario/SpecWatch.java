package dev.keyslot.e2e.scenario;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches a RedisCluster and remembers every spec the API server held, to show that only the test wrote it:
 * GitOps tools rely on the operator never rewriting the spec they apply.
 */
final class SpecWatch implements AutoCloseable {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Watch watch;

    SpecWatch(KubernetesClient client, String namespace, String name) {
        watch = client.resources(RedisCluster.class).inNamespace(namespace).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, RedisCluster cluster) {
                seen.add(JSON.asJson(cluster.getSpec()));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** Records a spec the test itself applied. */
    void wrote(RedisClusterSpec spec) {
        written.add(JSON.asJson(spec));
    }

    void assertOnlyTestWritesSeen() {
        assertThat(seen).isNotEmpty();
        assertThat(written).as("specs written by the test").containsAll(seen);
    }

    @Override
    public void close() {
        watch.close();
    }
}
