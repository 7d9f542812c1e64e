package dev.keyslot.e2e.delivery;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.keyslot.e2e.Repository;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The operator's Helm chart, rendered with helm-java (Helm's own library, no helm binary needed). */
public final class Chart {
    public static final String DIRECTORY = "charts/keyslot-operator";
    public static final String RELEASE = "keyslot";
    public static final String NAMESPACE = "keyslot-system";
    /** The chart needs 1.29 (CEL quantity functions in the CRD); helm template assumes an old version otherwise. */
    public static final String KUBE_VERSION = "1.31.0";

    private Chart() {
    }

    public static Path path() {
        return Repository.path(DIRECTORY);
    }

    public static Helm helm() {
        return new Helm(path());
    }

    /** Renders once per set of values: tests of one JVM share renders, each takes seconds under load. */
    private static final Map<Map<String, Object>, String> RENDERED = new ConcurrentHashMap<>();

    /** {@code helm template keyslot charts/keyslot-operator -n keyslot-system --kube-version 1.31.0 --set k=v ...}, CRDs included. */
    public static Manifests render(Map<String, Object> values) {
        return Manifests.parse(RENDERED.computeIfAbsent(Map.copyOf(values), v -> {
            TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION);
            v.forEach(template::set);
            return template.call();
        }));
    }
}
