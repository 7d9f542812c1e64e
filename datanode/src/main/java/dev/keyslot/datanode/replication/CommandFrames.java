package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;

/**
 * Cuts the master's stream into commands (RESP arrays of bulk strings, as masters send them), so the
 * replica knows each command's exact bytes: they advance its offset and are passed on to sub-replicas.
 */
final class CommandFrames {
    private CommandFrames() {
    }

    /**
     * Parses the command at the reader index, advancing past it; null (index unchanged) when incomplete.
     * A lone newline (a master's keepalive) parses as an empty command.
     */
    static byte[][] next(ByteBuf in) {
        int start = in.readerIndex();
        if (!in.isReadable()) {
            return null;
        }
        byte first = in.getByte(start);
        if (first == '\n') {
            in.skipBytes(1);
            return new byte[0][];
        }
        if (first != '*') {
            throw new IllegalStateException("Protocol error: expected '*', got '" + (char) first + "'");
        }
        int[] pos = {start + 1};
        long count = number(in, pos);
        if (count < 0) {
            return null;
        }
        byte[][] argv = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            if (pos[0] >= in.writerIndex()) {
                return null;
            }
            if (in.getByte(pos[0]) != '$') {
                throw new IllegalStateException("Protocol error: expected '$', got '" + (char) in.getByte(pos[0]) + "'");
            }
            pos[0]++;
            long length = number(in, pos);
            if (length < 0 || pos[0] + length + 2 > in.writerIndex()) {
                return null;
            }
            argv[i] = new byte[(int) length];
            in.getBytes(pos[0], argv[i]);
            pos[0] += (int) length + 2;
        }
        in.readerIndex(pos[0]);
        return argv;
    }

    /** A decimal up to CRLF at pos[0]; -1 when the line is not complete yet. */
    private static long number(ByteBuf in, int[] pos) {
        int end = in.indexOf(pos[0], in.writerIndex(), (byte) '\r');
        if (end < 0 || end + 1 >= in.writerIndex()) {
            return -1;
        }
        long v = 0;
        for (int i = pos[0]; i < end; i++) {
            v = v * 10 + (in.getByte(i) - '0');
        }
        pos[0] = end + 2;
        return v;
    }
}
