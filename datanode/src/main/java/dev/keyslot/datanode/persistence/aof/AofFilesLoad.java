package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.persistence.LoadProgress;
import dev.keyslot.datanode.persistence.StepwiseLoad;
import dev.keyslot.datanode.server.Log;

import java.util.List;
import java.util.Locale;

/**
 * The files of a multi-part AOF loaded in manifest order (Redis's loadAppendOnlyFiles), a bounded number of
 * keys or commands per slice so that clients are answered -LOADING in between.
 */
final class AofFilesLoad implements StepwiseLoad.Slice {
    /** Keys or commands per slice (Redis looks at the clients every 2 MB or 1024 commands). */
    private static final int PER_SLICE = 1000;

    private final AofLoader loader;
    private final List<AofFileInfo> files;
    private final String legacyName;
    private final LoadProgress progress;
    private final Log log;
    private int index = -1;
    private AofLoader.FileLoad current;
    private long currentStartNanos;
    private AofLoadResult result = AofLoadResult.OK;

    AofFilesLoad(AofLoader loader, List<AofFileInfo> files, String legacyName, LoadProgress progress, Log log) {
        this.loader = loader;
        this.files = files;
        this.legacyName = legacyName;
        this.progress = progress;
        this.log = log;
    }

    @Override
    public boolean waiting() {
        return loader.waiting();
    }

    @Override
    public boolean next() {
        if (current == null) {
            index++;
            if (index == files.size()) {
                return true;
            }
            AofFileInfo f = files.get(index);
            currentStartNanos = System.nanoTime();
            current = loader.open(f.name(), f.name().equals(legacyName), index == files.size() - 1,
                    progress::counting);
        }
        AofLoadResult r = current.step(PER_SLICE);
        if (r == null) {
            return false;
        }
        current = null;
        AofFileInfo f = files.get(index);
        if (r == AofLoadResult.OK || r == AofLoadResult.TRUNCATED) {
            log.notice(String.format(Locale.ROOT, "DB loaded from %s file %s: %.3f seconds",
                    f.type() == AofFileInfo.Type.BASE ? "base" : "incr", f.name(),
                    (System.nanoTime() - currentStartNanos) / 1e9));
        }
        if (r == AofLoadResult.EMPTY && f.type() == AofFileInfo.Type.INCR) {
            r = AofLoadResult.OK;
        }
        result = r;
        if (r == AofLoadResult.OPEN_ERR || r == AofLoadResult.FAILED || r == AofLoadResult.NOT_EXIST) {
            result = AofLoadResult.FAILED;
            return true;
        }
        return false;
    }

    /** Runs the slices back to back (DEBUG LOADAOF within a transaction or script, which cannot wait). */
    void runToEnd() {
        boolean done = false;
        while (!done) {
            done = next();
        }
    }

    /** The outcome once done: that of the last file, FAILED when a file failed. */
    AofLoadResult result() {
        return result;
    }
}
