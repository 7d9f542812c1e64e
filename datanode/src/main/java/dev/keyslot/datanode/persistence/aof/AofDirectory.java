package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.server.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The AOF directory (`dir`/`appenddirname`) and its manifest on disk: the manifest is replaced atomically
 * (temp file, fsync, rename, fsync of the directory) so a crash leaves either the old or the new one.
 */
final class AofDirectory {
    private final Path dir;
    private final String aofFilename;
    private final Log log;

    AofDirectory(Path dir, String aofFilename, Log log) {
        this.dir = dir;
        this.aofFilename = aofFilename;
        this.log = log;
    }

    Path dir() {
        return dir;
    }

    String aofFilename() {
        return aofFilename;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    String manifestName() {
        return aofFilename + AofManifest.MANIFEST_SUFFIX;
    }

    String tempIncrName() {
        return AofManifest.TEMP_PREFIX + aofFilename + AofManifest.INCR_SUFFIX;
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    /** The manifest on disk, or an empty one when the directory or the manifest does not exist. */
    AofManifest loadManifest() throws IOException {
        Path p = file(manifestName());
        if (!exists() || !Files.exists(p)) {
            return new AofManifest();
        }
        return AofManifest.parse(Files.readAllBytes(p));
    }

    void createIfMissing() throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            // Redis logs strerror(ENOTDIR) for a file in the way.
            throw new IOException("Not a directory", e);
        }
    }

    /** Writes the manifest to a temp file and renames it over the current one, both made durable. */
    void persist(AofManifest manifest) throws IOException {
        String tempName = AofManifest.TEMP_PREFIX + manifestName();
        Path temp = file(tempName);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(manifest.format().getBytes(StandardCharsets.ISO_8859_1));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            log.warning("Error trying to write the temporary AOF manifest file " + tempName + ": " + e.getMessage());
            throw e;
        }
        try {
            Files.move(temp, file(manifestName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warning("Error trying to rename the temporary AOF manifest file " + tempName + " into "
                    + manifestName() + ": " + e.getMessage());
            throw e;
        }
        syncDirectory();
    }

    /** Makes renames and new files in the directory durable. */
    void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Renames atomically within the directory. */
    void rename(String from, String to) throws IOException {
        Files.move(file(from), file(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    long size(String name) {
        try {
            return Files.size(file(name));
        } catch (IOException e) {
            return 0;
        }
    }

    void deleteQuietly(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            log.warning("Can't remove " + name + ": " + e.getMessage());
        }
    }
}
