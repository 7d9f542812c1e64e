package dev.keyslot.operator.crd;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** Generates the RedisCluster CRD YAML from the Java model with fabric8's CRD generator. */
public final class CrdGeneration {
    public static final String FILE_NAME = "redisclusters.keyslot.dev-v1.yml";

    /** The generator sorts printer columns by JSON path; kubectl shows them in this order instead. */
    static final List<String> COLUMN_ORDER = List.of("Masters", "Replicas", "Ready", "Slots", "State", "Age");

    private CrdGeneration() {
    }

    /** Writes the CRD into {@code directory} and returns the file. */
    public static Path generate(Path directory) throws IOException {
        Files.createDirectories(directory);
        new CRDGenerator()
                .customResourceClasses(RedisCluster.class)
                .forCRDVersions("v1")
                .withMinQuotes(true)
                .withPostProcessor(new ColumnOrder())
                .inOutputDir(directory.toFile())
                .generate();
        return directory.resolve(FILE_NAME);
    }

    private static final class ColumnOrder implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            if (crd instanceof CustomResourceDefinition definition) {
                definition.getSpec().getVersions().forEach(version -> version.getAdditionalPrinterColumns()
                        .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> COLUMN_ORDER.indexOf(c.getName()))));
            }
            return crd;
        }
    }
}
