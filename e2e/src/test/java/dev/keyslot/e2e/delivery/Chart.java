package dev.keyslot.e2e.delivery;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.keyslot.e2e.Repository;

import java.nio.file.Path;
import java.util.Map;

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

    /** {@code helm template keyslot charts/keyslot-operator -n keyslot-system --kube-version 1.31.0 --set k=v ...}, CRDs included. */
    public static Manifests render(Map<String, Object> values) {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        values.forEach(template::set);
        return Manifests.parse(template.call());
    }
}
