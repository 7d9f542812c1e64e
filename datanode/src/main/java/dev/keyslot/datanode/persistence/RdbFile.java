package dev.keyslot.datanode.persistence;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The RDB file on disk (dir/dbfilename). A save goes to a temporary file in the same directory
 * (temp-&lt;pid&gt;.rdb, or temp-bgsave-&lt;pid&gt;.rdb for a background save, which may still be winding down
 * when SHUTDOWN or FLUSHALL saves in the foreground), is fsynced, and then atomically renamed over the
 * target, so a crash never leaves a half-written dump.rdb.
 */
public final class RdbFile {
    private static final int BUFFER = 64 * 1024;

    private final Path target;
    private final Path temp;
    private FileChannel channel;

    public RdbFile(Path dir, String name, boolean background) {
        this.target = dir.resolve(name);
        this.temp = dir.resolve(tempName(background));
    }

    public static String tempName(boolean background) {
        return (background ? "temp-bgsave-" : "temp-") + ProcessHandle.current().pid() + ".rdb";
    }

    public Path path() {
        return target;
    }

    /** Opens the temporary file for a new save; write to the stream, then {@link #commit} or {@link #abort}. */
    public OutputStream create() throws IOException {
        channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
    }

    /** Flushes to disk and renames the temporary file over the target. */
    public void commit(OutputStream out) throws IOException {
        out.flush();
        channel.force(true);
        out.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is done.
        }
    }

    /** Drops a failed or cancelled save. */
    public void abort(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // The file is deleted just below; a close error changes nothing.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // A stale temp file is overwritten by the next save.
        }
    }

    /** The saved file for loading, or null when there is none. */
    public InputStream open() throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(target), BUFFER);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
