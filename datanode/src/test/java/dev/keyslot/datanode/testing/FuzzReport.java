package dev.keyslot.datanode.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A fuzzer's report file: with -D{property}=FILE, differences are appended there and the run carries on. */
public final class FuzzReport {
    private FuzzReport() {
    }

    /** Appends message to the file the system property names; false when it names none (the test fails). */
    public static boolean append(String property, String message) {
        String file = System.getProperty(property);
        if (file == null) {
            return false;
        }
        try {
            Files.writeString(Path.of(file), message + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }
}
