package dev.keyslot.e2e.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyslot.e2e.Repository;
import dev.keyslot.operator.crd.RedisCluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The example RedisClusters use only fields the CRD model knows (a typo would be pruned by the API server). */
class ExamplesTest {
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory());

    @Test
    void examplesReadStrictlyIntoTheModel() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Examples.files()) {
            files = list.sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("small.yaml", "production.yaml", "redis7.yaml", "rediscluster.yaml");
        for (Path file : files) {
            RedisCluster cluster = STRICT.readValue(file.toFile(), RedisCluster.class);
            assertThat(cluster.getSpec().getMasters()).as(file.toString()).isPositive();
        }
        assertThat(STRICT.readValue(Repository.path("deploy/examples/redis7.yaml").toFile(), RedisCluster.class)
                .getSpec().getImage()).startsWith("redis:7");
        assertThat(STRICT.readValue(Repository.path("deploy/examples/production.yaml").toFile(), RedisCluster.class)
                .getSpec().getStorage().getSize()).isNotNull();
    }
}
