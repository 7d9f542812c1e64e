package dev.keyslot.e2e.delivery;

import dev.keyslot.e2e.Repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The example RedisCluster files of deploy/examples (its kustomization.yaml lists the GitOps-synced ones). */
final class Examples {
    private Examples() {
    }

    static Stream<Path> files() throws IOException {
        return Files.list(Repository.path("deploy/examples"))
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"));
    }
}
