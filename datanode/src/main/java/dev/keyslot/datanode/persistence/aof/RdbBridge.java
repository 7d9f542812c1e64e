package dev.keyslot.datanode.persistence.aof;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** What the AOF takes from RDB persistence: snapshots, the RDB encoding of a base, and RDB loading. */
interface RdbBridge {
    /** True while any snapshot (BGSAVE, a replica's sync, an AOF rewrite) is being written. */
    boolean snapshotRunning();

    /**
     * Captures the keyspace now, on the command thread; only when no snapshot runs. inBackground: written
     * by another thread while commands run, else on the calling thread before any command runs (startup).
     */
    KeyspaceSnapshot capture(boolean inBackground);

    /** The function libraries' code now (command thread), which a base starts with. */
    List<byte[]> functionLibraries();

    /** A base writer producing an RDB image marked as an AOF base, with these function libraries. */
    BaseWriter rdbBase(OutputStream out, List<byte[]> functionLibraries) throws IOException;

    /**
     * Starts loading one RDB image from in (keys whose TTL has passed are kept, as for any AOF base), to be
     * stepped until done. Reads through the image's checksum; what follows in the stream is left to the caller.
     */
    ImageLoad loadRdb(InputStream in) throws IOException;

    /** An RDB image being loaded. */
    interface ImageLoad {
        /** Loads up to maxKeys more keys; true once the image is read. */
        boolean step(int maxKeys) throws IOException;
    }
}
