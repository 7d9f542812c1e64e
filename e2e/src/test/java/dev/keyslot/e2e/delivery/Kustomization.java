package dev.keyslot.e2e.delivery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a kustomization of this repository as {@code kubectl kustomize} does, for the features it uses:
 * {@code resources} (files and directories with their own kustomization) and {@code patches} given by path
 * (strategic merge, matched by kind, name and namespace). Any other field fails the build rather than being
 * ignored, so the test cannot silently drift from what kustomize would produce.
 */
final class Kustomization {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Kustomization() {
    }

    static Manifests build(Path directory) {
        return Manifests.of(objects(directory));
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> objects(Path directory) {
        Map<String, Object> kustomization = SERIALIZATION.unmarshal(read(directory.resolve("kustomization.yaml")), Map.class);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(directory + ": kustomization field '" + field + "' is not supported by this test");
            }
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = directory.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? objects(path) : Manifests.parse(read(path)).all());
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of())) {
            applyPatch(objects, SERIALIZATION.unmarshal(read(directory.resolve((String) patch.get("path"))), Map.class));
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static void applyPatch(List<HasMetadata> objects, Map<String, Object> patch) {
        Map<String, Object> meta = (Map<String, Object>) patch.get("metadata");
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata object = objects.get(i);
            if (object.getKind().equals(patch.get("kind")) && object.getMetadata().getName().equals(meta.get("name"))
                    && Objects.equals(object.getMetadata().getNamespace(), meta.get("namespace"))) {
                Map<String, Object> merged = StrategicMerge.merge(SERIALIZATION.convertValue(object, Map.class), patch);
                objects.set(i, SERIALIZATION.convertValue(merged, object.getClass()));
                return;
            }
        }
        throw new IllegalStateException("patch matches no resource: " + patch.get("kind") + " " + meta);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
