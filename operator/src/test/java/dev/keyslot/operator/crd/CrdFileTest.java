package dev.keyslot.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regenerates the CRD from the Java model and fails when the committed copy differs.
 * Run with {@code -Dkeyslot.crd.update=true} to rewrite the committed file after changing the model.
 */
class CrdFileTest {
    static final Path COMMITTED = Path.of("..", "crds", CrdGeneration.FILE_NAME);

    @Test
    void committedCrdMatchesTheModel() throws IOException {
        String generated = Files.readString(CrdGeneration.generate(Path.of("target", "generated-crds")));
        if (Boolean.getBoolean("keyslot.crd.update")) {
            Files.writeString(COMMITTED, generated);
        }
        assertThat(COMMITTED).as("%s is missing; run with -Dkeyslot.crd.update=true", COMMITTED).exists();
        assertThat(Files.readString(COMMITTED))
                .as("%s is stale; run this test with -Dkeyslot.crd.update=true and commit the file", COMMITTED)
                .isEqualTo(generated);
    }

    @Test
    void committedCrdHasPrinterColumnsInOrderShortNameAndStatusSubresource() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
        var version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("rcl");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Masters", "Replicas", "Ready", "Slots", "State", "Age");
        var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getProperties().get("masters").getMinimum()).isEqualTo(1);
        assertThat(spec.getProperties().get("replicasPerMaster").getMinimum()).isEqualTo(0);
        assertThat(spec.getProperties().get("config").getXKubernetesValidations()).singleElement()
                .satisfies(rule -> assertThat(rule.getMessage()).contains("allowed: maxmemory"));
    }
}
