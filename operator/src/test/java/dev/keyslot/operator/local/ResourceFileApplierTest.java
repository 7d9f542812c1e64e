package dev.keyslot.operator.local;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.simulator.MockApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceFileApplierTest {
    private static final Path EXAMPLE = Path.of("..", "deploy", "examples", "rediscluster.yaml");
    private static MockApiServer api;

    @BeforeAll
    static void start() {
        api = MockApiServer.start(0);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static RedisCluster demo() {
        return api.client().resources(RedisCluster.class).inNamespace("default").withName("demo").get();
    }

    @Test
    void appliesTheExampleAndReappliesItOnlyWhenItChanges(@TempDir Path dir) throws IOException {
        Path file = Files.copy(EXAMPLE, dir.resolve("rediscluster.yaml"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ResourceFileApplier applier = new ResourceFileApplier(api.client(), file, new PrintStream(printed, true, StandardCharsets.UTF_8));

        applier.applyIfChanged();
        assertThat(demo().getSpec().getMasters()).isEqualTo(3);
        assertThat(demo().getSpec().getImage()).isEqualTo("redis:7.0");
        assertThat(demo().getSpec().getConfig()).containsEntry("maxmemory-policy", "allkeys-lru");

        applier.applyIfChanged();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(1).first().asString().startsWith("created");

        Files.writeString(file, Files.readString(file).replace("masters: 3", "masters: 5"));
        applier.applyIfChanged();
        assertThat(demo().getSpec().getMasters()).isEqualTo(5);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("applied changed");
    }
}
