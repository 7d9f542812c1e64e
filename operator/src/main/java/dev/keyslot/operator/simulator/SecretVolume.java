package dev.keyslot.operator.simulator;

import io.fabric8.kubernetes.api.model.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Secret mounted into a pod, laid out as the kubelet does so that an update is atomic for readers: the files
 * live in a versioned directory, {@code ..data} links to the current one, and each key is a link through
 * {@code ..data}. A changed Secret gets a new directory and {@code ..data} is swapped by one rename, so a
 * node never reads a new certificate with an old key.
 */
final class SecretVolume {
    private static final String DATA_LINK = "..data";

    private final String secretName;
    private final Path dir;
    private Map<String, byte[]> current = Map.of();
    private int version;

    SecretVolume(String secretName, Path dir) {
        this.secretName = secretName;
        this.dir = dir;
    }

    String secretName() {
        return secretName;
    }

    /** Writes the Secret's content when it differs from what the volume shows. */
    void sync(Secret secret) throws IOException {
        Map<String, byte[]> content = content(secret);
        if (sameContent(content)) {
            return;
        }
        Path previous = Files.isSymbolicLink(dir.resolve(DATA_LINK)) ? dir.resolve(Files.readSymbolicLink(dir.resolve(DATA_LINK))) : null;
        Path next;
        do {
            // A container restarted in place mounts the same directory again: never reuse a version.
            next = dir.resolve("..v" + ++version);
        } while (Files.exists(next, LinkOption.NOFOLLOW_LINKS));
        Files.createDirectory(next);
        for (Map.Entry<String, byte[]> entry : content.entrySet()) {
            Files.write(next.resolve(entry.getKey()), entry.getValue());
        }
        Path swap = dir.resolve("..data_tmp");
        Files.deleteIfExists(swap);
        Files.createSymbolicLink(swap, next.getFileName());
        Files.move(swap, dir.resolve(DATA_LINK), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String key : content.keySet()) {
            Path link = dir.resolve(key);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of(DATA_LINK, key));
            }
        }
        if (previous != null) {
            delete(previous);
        }
        current = content;
    }

    private boolean sameContent(Map<String, byte[]> content) {
        return content.size() == current.size() && content.entrySet().stream()
                .allMatch(e -> Arrays.equals(e.getValue(), current.get(e.getKey())));
    }

    private static Map<String, byte[]> content(Secret secret) {
        Map<String, byte[]> content = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> content.put(key, Base64.getDecoder().decode(value)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) -> content.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        return content;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
