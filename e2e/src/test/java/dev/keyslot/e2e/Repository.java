package dev.keyslot.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests check: the build passes its root as {@code keyslot.repository}. */
public final class Repository {
    private Repository() {
    }

    public static Path root() {
        String configured = System.getProperty("keyslot.repository");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project version, which image tags and the chart's appVersion follow. */
    public static String version() {
        return System.getProperty("keyslot.version", "0.1.0-SNAPSHOT");
    }
}
