package dev.keyslot.operator.local;

import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Applies a RedisCluster YAML file like {@code kubectl apply}, and again whenever the file's content changes. */
final class ResourceFileApplier {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Path file;
    private final PrintStream out;
    private String applied;

    ResourceFileApplier(KubernetesClient client, Path file, PrintStream out) {
        this.client = client;
        this.file = file;
        this.out = out;
    }

    static RedisCluster read(Path file) {
        try {
            return SERIALIZATION.unmarshal(Files.readString(file), RedisCluster.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void applyIfChanged() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            out.println("cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (text.equals(applied)) {
            return;
        }
        applied = text;
        try {
            apply(SERIALIZATION.unmarshal(text, RedisCluster.class));
        } catch (RuntimeException e) {
            out.println("cannot apply " + file + ": " + e.getMessage());
        }
    }

    private void apply(RedisCluster desired) {
        if (desired.getMetadata().getNamespace() == null) {
            desired.getMetadata().setNamespace("default");
        }
        var resource = client.resources(RedisCluster.class).inNamespace(desired.getMetadata().getNamespace())
                .withName(desired.getMetadata().getName());
        if (resource.get() == null) {
            client.resource(desired).create();
            out.println("created RedisCluster " + desired.getMetadata().getName() + " from " + file);
        } else {
            resource.edit(current -> {
                current.setSpec(desired.getSpec());
                return current;
            });
            out.println("applied changed " + file + " to RedisCluster " + desired.getMetadata().getName());
        }
    }
}
