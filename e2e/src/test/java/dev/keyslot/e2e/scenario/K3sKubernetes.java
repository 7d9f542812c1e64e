package dev.keyslot.e2e.scenario;

import com.marcnuri.helm.Helm;
import dev.keyslot.e2e.Repository;
import dev.keyslot.e2e.delivery.Chart;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import redis.clients.jedis.HostAndPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Kubernetes: k3s in a container, the locally built images loaded into it, the operator installed with
 * the Helm chart, and the nodes reached through port forwards. Skips when Docker or the images are missing.
 */
final class K3sKubernetes implements KubernetesEnvironment {
    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";
    private static final String NAMESPACE = "e2e";
    private static final List<String> IMAGE_TARS = List.of("datanode/target/jib-image.tar", "operator/target/jib-image.tar");

    private final K3sContainer k3s;
    private final KubernetesClient client;
    private final Map<String, LocalPortForward> forwards = new ConcurrentHashMap<>();

    private K3sKubernetes(K3sContainer k3s) {
        this.k3s = k3s;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
    }

    /** Aborts the test (a skip, also in CI) when this machine cannot run k3s or has not built the images. */
    static K3sKubernetes startOrSkip() throws IOException, InterruptedException {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "Docker is not available: the k3s end-to-end environment is skipped; the simulated one ran");
        for (String tar : IMAGE_TARS) {
            Assumptions.assumeTrue(Files.isRegularFile(Repository.path(tar)), tar + " is missing: build the images with"
                    + " ./mvnw -pl datanode,operator -am package jib:buildTar -DskipTests to run the k3s environment");
        }
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
        k3s.start();
        K3sKubernetes environment = new K3sKubernetes(k3s);
        try {
            environment.loadImages();
            environment.installChart();
            environment.client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            return environment;
        } catch (RuntimeException | IOException | InterruptedException e) {
            environment.close();
            throw e;
        }
    }

    private void loadImages() throws IOException, InterruptedException {
        for (String tar : IMAGE_TARS) {
            String inContainer = "/tmp/" + Path.of(tar).getParent().getParent().getFileName() + ".tar";
            k3s.copyFileToContainer(MountableFile.forHostPath(Repository.path(tar)), inContainer);
            Container.ExecResult result = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", inContainer);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("loading " + tar + " into k3s failed: " + result.getStderr());
            }
        }
    }

    private void installChart() {
        new Helm(Chart.path()).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE).createNamespace()
                .withKubeConfigContents(k3s.getKubeConfigYaml())
                .set("image.pullPolicy", "Never")
                .set("image.tag", Repository.version())
                .waitReady().withTimeout(300)
                .call();
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    /** Stock redis:7 until the Keyslot image replicates; k3s pulls it. */
    @Override
    public String nodeImage() {
        return "redis:7.0.15";
    }

    /** A port forward per pod, made on first use; a pod that came back has a new IP and gets a new one. */
    @Override
    public HostAndPort reach(String podIp) {
        LocalPortForward forward = forwards.computeIfAbsent(podIp, ip -> {
            Pod pod = client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(p -> ip.equals(p.getStatus().getPodIP())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no pod has IP " + ip));
            return client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).portForward(6379);
        });
        return new HostAndPort("127.0.0.1", forward.getLocalPort());
    }

    @Override
    public void close() {
        forwards.values().forEach(f -> {
            try {
                f.close();
            } catch (IOException e) {
                // the forward's pod is gone already
            }
        });
        client.close();
        k3s.stop();
    }
}
