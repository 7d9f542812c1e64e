package dev.keyslot.datanode.persistence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * How far a dataset load has got, for INFO persistence's loading_* fields: the bytes read of all the files
 * it reads (one RDB, or every file of a multi-part AOF) and the used-mem an RDB image declared.
 */
public final class LoadProgress {
    private final long startSeconds = System.currentTimeMillis() / 1000;
    private final long totalBytes;
    /** Volatile: a streamed load counts on its parser thread while INFO reads on the command thread. */
    private volatile long loadedBytes;
    private volatile RdbLoader.Loading rdb;

    LoadProgress(long totalBytes) {
        this.totalBytes = totalBytes;
    }

    /** in, with every byte read from it counted as loaded. */
    public InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    loadedBytes++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    loadedBytes += n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = in.skip(n);
                loadedBytes += skipped;
                return skipped;
            }
        };
    }

    /** The RDB image being read now, whose used-mem aux field INFO reports. */
    void reading(RdbLoader.Loading image) {
        this.rdb = image;
    }

    long startSeconds() {
        return startSeconds;
    }

    long totalBytes() {
        return totalBytes;
    }

    long loadedBytes() {
        return loadedBytes;
    }

    long rdbUsedMemory() {
        return rdb == null ? 0 : Math.max(0, rdb.usedMemory());
    }
}
