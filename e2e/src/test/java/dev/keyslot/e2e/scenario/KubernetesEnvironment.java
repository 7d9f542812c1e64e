package dev.keyslot.e2e.scenario;

import io.fabric8.kubernetes.client.KubernetesClient;
import redis.clients.jedis.HostAndPort;

/** Where the end-to-end scenario runs: an API server with the operator, and a way to reach the node pods. */
interface KubernetesEnvironment extends AutoCloseable {
    KubernetesClient client();

    String namespace();

    /** The node image the RedisClusters of this environment run. */
    String nodeImage();

    /** Where a client on this machine reaches the node of the pod with this IP (its port 6379). */
    HostAndPort reach(String podIp);

    @Override
    void close();
}
