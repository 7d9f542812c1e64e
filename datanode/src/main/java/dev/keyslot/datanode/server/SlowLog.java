package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandObserver;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.config.ServerConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The slow log: commands that ran for at least slowlog-log-slower-than microseconds, newest first, at most
 * slowlog-max-len of them. Arguments are trimmed like Redis (32 arguments, 128 bytes each) and the ones the
 * command redacted (passwords of AUTH, HELLO, MIGRATE, ACL SETUSER, sensitive CONFIG SET values) are hidden.
 */
public final class SlowLog implements CommandObserver {
    private static final int MAX_ARGS = 32;
    private static final int MAX_ARG_BYTES = 128;
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** One logged command. */
    public record Entry(long id, long unixSeconds, long micros, byte[][] argv, String clientAddress,
                        String clientName) {
    }

    private final ServerConfig config;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    /** Cached from the config: this runs after every command. */
    private long threshold;
    private long maxLength;

    public SlowLog(ServerConfig config) {
        this.config = config;
        refresh();
        config.onChange((name, value) -> refresh());
    }

    private void refresh() {
        threshold = config.getLong("slowlog-log-slower-than");
        maxLength = config.getLong("slowlog-max-len");
    }

    @Override
    public void executed(Client client, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        if (threshold < 0 || micros < threshold || spec.has(CommandFlag.SKIP_SLOWLOG)) {
            return;
        }
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, trim(client, argv),
                client.remoteAddress(), client.name() == null ? "" : client.name()));
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    private byte[][] trim(Client client, byte[][] argv) {
        int count = Math.min(argv.length, MAX_ARGS);
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            if (i == MAX_ARGS - 1 && argv.length > MAX_ARGS) {
                out[i] = ("... (" + (argv.length - MAX_ARGS + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (client.argumentRedacted(i)) {
                out[i] = REDACTED;
            } else if (argv[i].length > MAX_ARG_BYTES) {
                byte[] head = new byte[MAX_ARG_BYTES];
                System.arraycopy(argv[i], 0, head, 0, MAX_ARG_BYTES);
                String more = "... (" + (argv[i].length - MAX_ARG_BYTES) + " more bytes)";
                out[i] = concat(head, more.getBytes(StandardCharsets.US_ASCII));
            } else {
                out[i] = argv[i];
            }
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Newest first; count -1 means all. */
    public Iterator<Entry> newestFirst() {
        return entries.iterator();
    }

    public int size() {
        return entries.size();
    }

    public void reset() {
        entries.clear();
    }
}
