package dev.keyslot.datanode.persistence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The bytes a load has consumed of its file, for INFO persistence's loading_* fields. */
final class LoadProgress extends FilterInputStream {
    private final long startSeconds = System.currentTimeMillis() / 1000;
    private final long totalBytes;
    private volatile long loadedBytes;

    LoadProgress(InputStream in, long totalBytes) {
        super(in);
        this.totalBytes = totalBytes;
    }

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

    long startSeconds() {
        return startSeconds;
    }

    long totalBytes() {
        return totalBytes;
    }

    long loadedBytes() {
        return loadedBytes;
    }
}
