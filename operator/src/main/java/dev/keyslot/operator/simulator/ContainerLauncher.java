package dev.keyslot.operator.simulator;

import dev.keyslot.operator.admin.NodeAddress;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the container runtime for a node pod: gives the container's mounts a place on disk (ConfigMap files,
 * a PVC directory that outlives the pod, an emptyDir that does not), resolves its environment, expands
 * $(VAR) in its arguments as Kubernetes does, and starts the image's server on the pod IP.
 */
final class ContainerLauncher {
    /** The data node jar used for Keyslot images. */
    static final String DATANODE_JAR_PROPERTY = "keyslot.datanode.jar";
    /** JAVA_OPTS of the simulated Keyslot image (its ENV); a container's own JAVA_OPTS still overrides it. */
    static final String JAVA_OPTS_PROPERTY = "keyslot.simulator.java-opts";
    /**
     * The simulated image's default JAVA_OPTS, suited to a test box running many nodes on few cores: a small
     * heap, the serial collector and the C1 compiler only, so that a node starts fast and stays small.
     */
    static final String TEST_BOX_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xmx384m"
            + " -Dio.netty.leakDetection.level=disabled";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern CA_CERT_OPTION = Pattern.compile("--cacert (\\S+)");

    private final KubernetesClient client;
    private final Path root;
    private final Map<String, List<SecretVolume>> secretVolumes = new ConcurrentHashMap<>();

    ContainerLauncher(KubernetesClient client, Path root) {
        this.client = client;
        this.root = root;
    }

    /**
     * @param ip     the pod IP, announced to the cluster
     * @param bindIp the address the server listens on and connects from: the pod IP, or its private address
     *               behind a {@link SimulatedNetwork} relay
     */
    NodeProcess launch(Pod pod, String ip, String bindIp) throws IOException {
        String namespace = pod.getMetadata().getNamespace();
        String podName = pod.getMetadata().getName();
        Path podDir = Files.createDirectories(root.resolve("pods").resolve(podName + "-" + pod.getMetadata().getUid()));
        Container container = pod.getSpec().getContainers().get(0);
        List<SecretVolume> secrets = new ArrayList<>();
        Map<String, Path> mounts = mount(pod, container, podDir, secrets);
        secretVolumes.put(pod.getMetadata().getUid(), secrets);
        Map<String, String> env = environment(namespace, container, ip);
        List<String> command = new ArrayList<>(executable(container.getImage(), env));
        for (String arg : container.getArgs()) {
            command.add(hostPath(expand(arg, env), mounts));
        }
        // Outgoing bus and replication connections leave from the pod's own address, as on a pod network.
        command.addAll(List.of("--bind", bindIp, "--bind-source-addr", bindIp));
        rewriteMountedFiles(mounts);
        return NodeProcess.start(command, env, NodeAddress.of(ip), podDir.resolve("container.log"),
                probeTls(container, mounts));
    }

    /**
     * Plays the kubelet's refresh of mounted Secrets: every volume of a running pod is brought up to date with
     * its Secret (one list of the namespace's Secrets for all of them).
     */
    void refreshSecretVolumes(String namespace) throws IOException {
        if (secretVolumes.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        Map<String, Secret> secrets = new HashMap<>();
        client.secrets().inNamespace(namespace).list().getItems().forEach(s -> secrets.put(s.getMetadata().getName(), s));
        for (List<SecretVolume> volumes : secretVolumes.values()) {
            for (SecretVolume volume : volumes) {
                Secret secret = secrets.get(volume.secretName());
                if (secret != null) {
                    volume.sync(secret);
                }
            }
        }
    }

    /** The pod is gone: its volumes are no longer refreshed. */
    void forget(String podUid) {
        secretVolumes.remove(podUid);
    }

    /**
     * The readiness probe runs redis-cli; with --tls the simulator's probe speaks TLS too, trusting the CA file
     * the probe names (--cacert), read again as the kubelet refreshes it.
     */
    private static Supplier<SSLSocketFactory> probeTls(Container container, Map<String, Path> mounts) {
        if (container.getReadinessProbe() == null || container.getReadinessProbe().getExec() == null) {
            return () -> null;
        }
        String probe = String.join(" ", container.getReadinessProbe().getExec().getCommand());
        if (!probe.contains("--tls")) {
            return () -> null;
        }
        Matcher ca = CA_CERT_OPTION.matcher(probe);
        if (!ca.find()) {
            throw new IllegalArgumentException("the TLS readiness probe names no --cacert: " + probe);
        }
        return new MountedCaTrust(Path.of(hostPath(ca.group(1), mounts)));
    }

    private static boolean isRedisServer(String image) {
        String name = image.contains("/") ? image.substring(image.lastIndexOf('/') + 1) : image;
        return name.startsWith("redis:") || name.equals("redis");
    }

    /** The image's entrypoint; a Keyslot image's JVM takes JAVA_OPTS from the container or else the image's ENV. */
    private List<String> executable(String image, Map<String, String> env) {
        String name = image.contains("/") ? image.substring(image.lastIndexOf('/') + 1) : image;
        if (isRedisServer(image)) {
            return List.of("/usr/bin/redis-server");
        }
        if (name.startsWith("keyslot") || name.startsWith("datanode")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String javaOpts = env.getOrDefault("JAVA_OPTS", System.getProperty(JAVA_OPTS_PROPERTY, TEST_BOX_JAVA_OPTS));
            List<String> options = new ArrayList<>();
            for (String option : javaOpts.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    options.add(option);
                }
            }
            Path jar = Path.of(dataNodeJar());
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(DataNodeClassArchive.options(java, options, jar));
            command.addAll(options);
            command.addAll(List.of("-jar", jar.toString()));
            return command;
        }
        throw new IllegalArgumentException("the pod simulator cannot run image " + image
                + "; it runs redis:7 images with redis-server and Keyslot images with the data node jar");
    }

    /** The configured jar, else the data node module's build output seen from the repository or a module. */
    static String dataNodeJar() {
        String configured = System.getProperty(DATANODE_JAR_PROPERTY);
        if (configured != null) {
            return configured;
        }
        for (Path candidate : List.of(Path.of("datanode/target/datanode.jar"), Path.of("../datanode/target/datanode.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("data node jar not found; build it (./mvnw -pl datanode -am package) or set -D"
                + DATANODE_JAR_PROPERTY);
    }

    private Map<String, Path> mount(Pod pod, Container container, Path podDir, List<SecretVolume> secrets) throws IOException {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.get(mount.getName());
            Path hostDir;
            if (volume != null && volume.getConfigMap() != null) {
                hostDir = Files.createDirectories(podDir.resolve("configmap-" + mount.getName()));
                writeConfigMap(pod.getMetadata().getNamespace(), volume.getConfigMap().getName(), hostDir);
            } else if (volume != null && volume.getSecret() != null) {
                hostDir = Files.createDirectories(podDir.resolve("secret-" + mount.getName()));
                SecretVolume secretVolume = new SecretVolume(volume.getSecret().getSecretName(), hostDir);
                secretVolume.sync(secret(pod.getMetadata().getNamespace(), volume.getSecret().getSecretName()));
                secrets.add(secretVolume);
            } else if (volume != null && volume.getEmptyDir() != null) {
                hostDir = Files.createDirectories(podDir.resolve("emptydir-" + mount.getName()));
            } else {
                hostDir = Files.createDirectories(claimDirectory(pod, mount.getName()));
            }
            mounts.put(mount.getMountPath(), hostDir);
        }
        return mounts;
    }

    /**
     * A volume claim template's PVC, named {@code <template>-<pod>}: its directory belongs to the claim (by uid),
     * so it outlives the pod, and a claim deleted and created again starts empty.
     */
    private Path claimDirectory(Pod pod, String template) {
        String claim = template + "-" + pod.getMetadata().getName();
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(pod.getMetadata().getNamespace())
                .withName(claim).get();
        if (pvc == null) {
            throw new IllegalStateException("PersistentVolumeClaim " + claim + " not found");
        }
        return root.resolve("volumes").resolve(claim + "-" + pvc.getMetadata().getUid());
    }

    private void writeConfigMap(String namespace, String name, Path dir) throws IOException {
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
        if (configMap == null) {
            throw new IllegalStateException("ConfigMap " + name + " not found");
        }
        for (Map.Entry<String, String> entry : configMap.getData().entrySet()) {
            Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
        }
    }

    /** The files seen through mounts refer to container paths; point those at the host directories. */
    private static void rewriteMountedFiles(Map<String, Path> mounts) throws IOException {
        for (Path dir : mounts.values()) {
            if (!dir.getFileName().toString().startsWith("configmap-")) {
                continue;
            }
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file);
                    Files.writeString(file, hostPaths(text, mounts));
                }
            }
        }
    }

    private static String hostPaths(String text, Map<String, Path> mounts) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String[] words = line.split(" ", -1);
            for (int i = 0; i < words.length; i++) {
                words[i] = hostPath(words[i], mounts);
            }
            out.append(String.join(" ", words)).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String hostPath(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String mountPath = mount.getKey();
            if (value.equals(mountPath) || value.startsWith(mountPath + "/")) {
                return mount.getValue() + value.substring(mountPath.length());
            }
        }
        return value;
    }

    private Map<String, String> environment(String namespace, Container container, String ip) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), expand(var.getValue(), env));
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                if ("status.podIP".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
                    env.put(var.getName(), ip);
                }
            } else if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                env.put(var.getName(), secretValue(namespace, ref.getName(), ref.getKey()));
            }
        }
        return env;
    }

    private Secret secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new IllegalStateException("Secret " + name + " not found");
        }
        return secret;
    }

    private String secretValue(String namespace, String name, String key) {
        Secret secret = secret(namespace, name);
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        throw new IllegalStateException("Secret " + name + " has no key " + key);
    }

    static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
