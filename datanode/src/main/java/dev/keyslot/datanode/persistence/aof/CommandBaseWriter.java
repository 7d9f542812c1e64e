package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.util.Numbers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An AOF base made of commands (aof-use-rdb-preamble no), as Redis's rewriteAppendOnlyFileRio: a FUNCTION LOAD
 * per function library, then per database a SELECT, then per key SET, RPUSH, SADD, ZADD or HMSET with at most 64
 * items per command (streams: {@link StreamCommands}), and PEXPIREAT for a TTL. Runs on the rewrite thread over
 * a snapshot.
 */
final class CommandBaseWriter implements BaseWriter {
    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    private static final int ITEMS_PER_COMMAND = 64;
    private static final int FLUSH_AT = 64 * 1024;
    private static final byte[] SET = ascii("SET");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] HMSET = ascii("HMSET");
    private static final byte[] SELECT = ascii("SELECT");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] FUNCTION = ascii("FUNCTION");
    private static final byte[] LOAD = ascii("LOAD");

    private final OutputStream out;
    private final AofBuffer buf = new AofBuffer();
    /** Items left in the variadic command being written, and how many it has in all. */
    private long itemsLeft;
    private int inCommand;

    CommandBaseWriter(OutputStream out, boolean timestamp, List<byte[]> functionLibraries) {
        this.out = out;
        if (timestamp) {
            buf.appendAscii("#TS:" + System.currentTimeMillis() / 1000 + "\r\n");
        }
        for (byte[] code : functionLibraries) {
            buf.appendHeader('*', 3);
            buf.appendBulk(FUNCTION);
            buf.appendBulk(LOAD);
            buf.appendBulk(code);
        }
    }

    @Override
    public void database(int db, long keys, long volatileKeys) {
        buf.appendHeader('*', 2);
        buf.appendBulk(SELECT);
        buf.appendBulk(ascii(Integer.toString(db)));
    }

    @Override
    public void key(byte[] key, Object value, long expireAt, int lru) throws IOException {
        if (value instanceof byte[] s) {
            buf.appendHeader('*', 3);
            buf.appendBulk(SET);
            buf.appendBulk(key);
            buf.appendBulk(s);
        } else if (value instanceof ListValue list) {
            begin(list.size());
            list.forEachElement(e -> item(RPUSH, key, 1, e, null));
        } else if (value instanceof SetValue set) {
            begin(set.size());
            set.forEach(e -> item(SADD, key, 1, e, null));
        } else if (value instanceof ZSetValue zset) {
            begin(zset.size());
            for (ZSetEntry n = zset.first(); n != null; n = n.next()) {
                item(ZADD, key, 2, ascii(Numbers.formatDouble17g(n.score())), n.member());
            }
        } else if (value instanceof HashValue hash) {
            begin(hash.size());
            hash.forEach((field, v) -> item(HMSET, key, 2, field, v));
        } else if (value instanceof StreamValue stream) {
            StreamCommands.write(buf, key, stream);
        } else {
            throw new IOException("the AOF cannot hold a value of type " + value.getClass().getSimpleName());
        }
        if (expireAt >= 0) {
            buf.appendHeader('*', 3);
            buf.appendBulk(PEXPIREAT);
            buf.appendBulk(key);
            buf.appendBulk(ascii(Long.toString(expireAt)));
        }
        if (buf.length() >= FLUSH_AT) {
            flush();
        }
    }

    private void begin(long items) {
        itemsLeft = items;
        inCommand = 0;
    }

    /** One item (one or two arguments) of a variadic command, opening a new command every 64 items. */
    private void item(byte[] command, byte[] key, int argsPerItem, byte[] first, byte[] second) {
        if (inCommand == 0) {
            long n = Math.min(itemsLeft, ITEMS_PER_COMMAND);
            buf.appendHeader('*', 2 + n * argsPerItem);
            buf.appendBulk(command);
            buf.appendBulk(key);
        }
        buf.appendBulk(first);
        if (second != null) {
            buf.appendBulk(second);
        }
        itemsLeft--;
        if (++inCommand == ITEMS_PER_COMMAND) {
            inCommand = 0;
        }
    }

    @Override
    public void finish() throws IOException {
        flush();
    }

    private void flush() throws IOException {
        if (!buf.isEmpty()) {
            var view = buf.view();
            out.write(view.array(), 0, view.limit());
            buf.clear();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
