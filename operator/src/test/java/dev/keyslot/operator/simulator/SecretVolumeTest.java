package dev.keyslot.operator.simulator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SecretVolumeTest {
    private static Secret secret(String certificate, String key) {
        return new SecretBuilder().withNewMetadata().withName("certs").endMetadata()
                .withStringData(Map.of("tls.crt", certificate, "tls.key", key)).build();
    }

    private static List<String> versions(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("..v")).toList();
        }
    }

    @Test
    void swapsAllFilesAtOnceWhenTheSecretChangesAsTheKubeletDoes(@TempDir Path dir) throws IOException {
        SecretVolume volume = new SecretVolume("certs", dir);
        volume.sync(secret("cert-1", "key-1"));
        assertThat(Files.readString(dir.resolve("tls.crt"))).isEqualTo("cert-1");
        assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo("key-1");
        assertThat(Files.isSymbolicLink(dir.resolve("tls.crt"))).isTrue();
        List<String> first = versions(dir);

        volume.sync(secret("cert-1", "key-1"));
        assertThat(versions(dir)).as("unchanged Secret, same files").isEqualTo(first);

        volume.sync(secret("cert-2", "key-2"));
        assertThat(Files.readString(dir.resolve("tls.crt"))).isEqualTo("cert-2");
        assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo("key-2");
        assertThat(versions(dir)).as("the previous version is removed").hasSize(1).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aContainerRestartedInPlaceMountsTheSameDirectoryAgain(@TempDir Path dir) throws IOException {
        new SecretVolume("certs", dir).sync(secret("cert-1", "key-1"));
        new SecretVolume("certs", dir).sync(secret("cert-2", "key-2"));
        assertThat(Files.readString(dir.resolve("tls.crt"))).isEqualTo("cert-2");
        assertThat(Files.readString(dir.resolve("tls.key"))).isEqualTo("key-2");
        assertThat(versions(dir)).hasSize(1);
    }
}
