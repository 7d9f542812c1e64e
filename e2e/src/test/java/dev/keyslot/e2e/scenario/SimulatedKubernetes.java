package dev.keyslot.e2e.scenario;

import dev.keyslot.operator.testing.SimulatedEnvironment;
import io.fabric8.kubernetes.client.KubernetesClient;
import redis.clients.jedis.HostAndPort;

/** The mock API server, the pod simulator (real redis-server nodes on 127.0.1.130-199, or the {@code TestSubnet}) and the operator. */
final class SimulatedKubernetes implements KubernetesEnvironment {
    private static final String NAMESPACE = "e2e";
    private final RequestRecorder operatorRequests = new RequestRecorder();
    private final SimulatedEnvironment environment = new SimulatedEnvironment(NAMESPACE, 130, 199,
            http -> http.addOrReplaceInterceptor("rbac-recorder", operatorRequests)).start();

    /** Every request the operator made to the API server. */
    RequestRecorder operatorRequests() {
        return operatorRequests;
    }

    @Override
    public KubernetesClient client() {
        return environment.client();
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String nodeImage() {
        return "redis:7.0";
    }

    /** Simulated pods have their IP on this machine's loopback. */
    @Override
    public HostAndPort reach(String podIp) {
        return new HostAndPort(podIp, 6379);
    }

    @Override
    public void close() {
        environment.close();
    }
}
