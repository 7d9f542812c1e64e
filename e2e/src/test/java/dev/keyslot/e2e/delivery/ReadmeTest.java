package dev.keyslot.e2e.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyslot.e2e.Repository;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.incluster.ClusterModeSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shell command of README's "Install on Kubernetes" section, checked without a cluster: files and
 * directories exist, the chart renders with the values given, kustomizations build, applied files parse,
 * the clusters waited for and patched are the ones applied (and stay valid once patched), and the names of
 * Deployments, Leases and images are the ones the chart and the images really use.
 */
class ReadmeTest {
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REPO_PATH = Pattern.compile("^(deploy|charts|crds|datanode|operator)/.*");
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory());

    private final Set<String> appliedClusters = new HashSet<>();
    private final Map<String, RedisCluster> clusterFiles = new HashMap<>();

    static List<List<String>> commands() {
        String readme = Repository.read("README.md");
        int start = readme.indexOf("## Install on Kubernetes");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README section").isPositive();
        List<List<String>> commands = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(readme.substring(start, end));
        while (block.find()) {
            block.group(1).lines().filter(l -> !l.isBlank()).forEach(line -> commands.add(words(line)));
        }
        return commands;
    }

    /** Shell words: spaces separate, single quotes group. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words;
    }

    /** kubectl's {@code deploy/NAME} after port-forward or logs names a Deployment, not a file. */
    private static boolean names(List<String> command, int index) {
        return List.of("port-forward", "logs").contains(command.get(index - 1));
    }

    private static String after(List<String> words, String flag) {
        int index = words.indexOf(flag);
        return index < 0 ? null : words.get(index + 1);
    }

    @Test
    void everyCommandIsBackedByTheRepository() throws IOException {
        List<List<String>> commands = commands();
        assertThat(commands).hasSizeGreaterThan(15);
        for (List<String> command : commands) {
            for (int i = 1; i < command.size(); i++) {
                if (REPO_PATH.matcher(command.get(i)).matches() && !names(command, i)) {
                    assertThat(Repository.path(command.get(i))).as(String.join(" ", command)).exists();
                }
            }
            switch (command.get(0)) {
                case "helm" -> helm(command);
                case "kubectl" -> kubectl(command);
                case "docker" -> docker(command);
                default -> assertThat(command.get(0)).isEqualTo("./mvnw");
            }
        }
    }

    private void helm(List<String> command) {
        assertThat(command.get(1)).isIn("install", "upgrade");
        assertThat(command.get(2)).isEqualTo(Chart.RELEASE);
        assertThat(command.get(3)).isEqualTo(Chart.DIRECTORY);
        assertThat(command).containsAnyOf("keyslot-system");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).equals("--set")) {
                String[] pair = command.get(i + 1).split("=", 2);
                values.put(pair[0], pair[1]);
            }
        }
        assertThat(Chart.render(values).all()).as(String.join(" ", command)).isNotEmpty();
    }

    private void kubectl(List<String> command) throws IOException {
        String kustomization = after(command, "-k");
        if (kustomization != null) {
            assertThat(Kustomization.build(Repository.path(kustomization)).all()).isNotEmpty();
        }
        String file = after(command, "-f");
        if (command.contains("apply") && file != null) {
            for (String each : command.subList(command.indexOf("-f"), command.size())) {
                if (REPO_PATH.matcher(each).matches()) {
                    assertThat(Manifests.parse(Repository.read(each)).all()).as(each).isNotEmpty();
                }
            }
            if (file.startsWith("deploy/examples/")) {
                RedisCluster cluster = STRICT.readValue(Repository.path(file).toFile(), RedisCluster.class);
                appliedClusters.add(cluster.getMetadata().getName());
                clusterFiles.put(cluster.getMetadata().getName(), cluster);
            }
        }
        for (int i = 1; i < command.size(); i++) {
            String word = command.get(i);
            if (word.startsWith("rediscluster/")) {
                assertThat(appliedClusters).as(String.join(" ", command)).contains(word.substring("rediscluster/".length()));
            }
            if (names(command, i)) {
                String name = Chart.render(Map.of()).one(Deployment.class).getMetadata().getName();
                assertThat(word).isEqualTo("deploy/" + name);
            }
        }
        if (command.contains("lease")) {
            assertThat(command).contains(ClusterModeSettings.LEASE_NAME);
        }
        if (command.contains("patch") && command.contains("rediscluster")) {
            patch(command);
        }
        if (command.contains("exec")) {
            String pod = command.get(command.indexOf("exec") + 2);
            assertThat(appliedClusters).anySatisfy(name -> assertThat(pod).isEqualTo(name + "-0-0"));
        }
    }

    @SuppressWarnings("unchecked")
    private void patch(List<String> command) throws IOException {
        String name = command.get(command.indexOf("rediscluster") + 1);
        assertThat(appliedClusters).contains(name);
        assertThat(after(command, "--type")).isEqualTo("merge");
        KubernetesSerialization json = new KubernetesSerialization();
        Map<String, Object> patch = json.unmarshal(after(command, "-p"), Map.class);
        Map<String, Object> cluster = json.convertValue(clusterFiles.get(name), Map.class);
        RedisCluster patched = STRICT.convertValue(StrategicMerge.merge(cluster, patch), RedisCluster.class);
        clusterFiles.put(name, patched);
        assertThat(patched.getSpec().getMasters()).isPositive();
    }

    private static void docker(List<String> command) {
        String image = after(command, "-t");
        String module = command.get(command.size() - 1).replace("/", "");
        assertThat(Repository.path(module + "/Dockerfile")).isRegularFile();
        assertThat(image).isEqualTo("keyslot/" + module + ":" + Repository.version());
    }
}
