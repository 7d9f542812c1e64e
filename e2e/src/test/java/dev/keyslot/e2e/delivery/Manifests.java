package dev.keyslot.e2e.delivery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes objects parsed from multi-document YAML, as kubectl reads a manifest file. */
public final class Manifests {
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = objects;
    }

    public static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return new Manifests(objects);
    }

    public static Manifests of(List<HasMetadata> objects) {
        return new Manifests(List.copyOf(objects));
    }

    public List<HasMetadata> all() {
        return objects;
    }

    public List<HasMetadata> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + matching.size());
        }
        return matching.get(0);
    }

    public Optional<HasMetadata> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).findFirst();
    }

    public List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).toList();
    }
}
