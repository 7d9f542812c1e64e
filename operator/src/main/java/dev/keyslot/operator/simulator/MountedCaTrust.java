package dev.keyslot.operator.simulator;

import dev.keyslot.operator.admin.TlsTrust;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** TLS trust in a mounted CA file, made again when the file's content changes (a rotated CA). */
final class MountedCaTrust implements Supplier<SSLSocketFactory> {
    private final Path caFile;
    private String pem;
    private SSLSocketFactory factory;

    MountedCaTrust(Path caFile) {
        this.caFile = caFile;
    }

    @Override
    public synchronized SSLSocketFactory get() {
        try {
            String current = Files.readString(caFile);
            if (!current.equals(pem)) {
                factory = TlsTrust.trusting(current);
                pem = current;
            }
            return factory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the probe's CA file " + caFile, e);
        }
    }
}
