package dev.keyslot.datanode.persistence.aof;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered reader of one AOF file that knows its offset, with C stdio's fgets/fread behaviour that
 * Redis's loader relies on: lines are cut at a maximum length, and a short read at the end of the file is
 * reported, not thrown. Also an InputStream, so an RDB preamble can be read from the same position.
 */
final class AofInput extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;
    private long offset;
    private boolean eof;

    AofInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long offset() {
        return offset;
    }

    private boolean fill() throws IOException {
        if (pos < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    /**
     * Like fgets with a buffer of max bytes: up to and including '\n', at most max-1 bytes; null when the
     * file ends before any byte.
     */
    byte[] readLine(int max) throws IOException {
        byte[] line = new byte[Math.min(max - 1, 128)];
        int n = 0;
        while (n < max - 1 && fill()) {
            byte b = buf[pos++];
            offset++;
            if (n == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(max - 1, line.length * 2));
            }
            line[n++] = b;
            if (b == '\n') {
                break;
            }
        }
        return n == 0 ? null : java.util.Arrays.copyOf(line, n);
    }

    /** Reads up to n bytes into dst; fewer only at the end of the file. */
    int readFully(byte[] dst, int n) throws IOException {
        int got = 0;
        while (got < n && fill()) {
            int k = Math.min(n - got, end - pos);
            System.arraycopy(buf, pos, dst, got, k);
            pos += k;
            got += k;
            offset += k;
        }
        return got;
    }

    /** Skips n bytes; returns how many could be skipped. */
    long skipFully(long n) throws IOException {
        long done = 0;
        while (done < n && fill()) {
            int k = (int) Math.min(n - done, end - pos);
            pos += k;
            done += k;
            offset += k;
        }
        return done;
    }

    /** Looks at the next bytes without consuming them; fewer than n only at the end of the file. */
    int peek(byte[] dst, int n) throws IOException {
        if (end - pos < n && !eof) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
            while (end < n) {
                int r = in.read(buf, end, buf.length - end);
                if (r <= 0) {
                    eof = true;
                    break;
                }
                end += r;
            }
        }
        int k = Math.min(n, end - pos);
        System.arraycopy(buf, pos, dst, 0, k);
        return k;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        offset++;
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int k = Math.min(len, end - pos);
        System.arraycopy(buf, pos, dst, off, k);
        pos += k;
        offset += k;
        return k;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
