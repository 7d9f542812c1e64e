package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.PendingEntry;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.Map;

/** XINFO STREAM [FULL [COUNT n]] | GROUPS | CONSUMERS | HELP. */
public final class StreamInfoCommand implements CommandGroup {
    private static final long FULL_DEFAULT_COUNT = 10;

    private final StreamAccess streams;

    public StreamInfoCommand(Server server) {
        this.streams = new StreamAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec xinfo = t.container("xinfo", "");
        xinfo.sub("consumers", 4, "readonly", 2, 2, 1, "stream", this::consumers)
                .tips("nondeterministic_output").keySpecFlags("RO access");
        xinfo.sub("groups", 3, "readonly", 2, 2, 1, "stream", this::groups).keySpecFlags("RO access");
        xinfo.sub("stream", -3, "readonly", 2, 2, 1, "stream", this::stream).keySpecFlags("RO access");
        xinfo.sub("help", 2, "loading stale", "stream", (c, argv) -> HelpReply.send(c, argv[0],
                "CONSUMERS <key> <groupname>",
                "    Show consumers of <groupname>.",
                "GROUPS <key>",
                "    Show the stream consumer groups.",
                "STREAM <key> [FULL [COUNT <count>]",
                "    Show information about the stream."));
    }

    private StreamValue existing(Client c, byte[] key) {
        StreamValue s = streams.read(c, key);
        if (s == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        return s;
    }

    private void consumers(Client c, byte[][] argv) {
        StreamValue s = existing(c, argv[2]);
        ConsumerGroup group = s.group(argv[3]);
        if (group == null) {
            throw new CommandError("NOGROUP No such consumer group '" + Args.cString(argv[3]) + "' for key name '"
                    + Args.cString(argv[2]) + "'");
        }
        Reply r = c.reply();
        long now = StreamAccess.now();
        r.arrayHeader(group.consumers().size());
        for (Consumer consumer : group.consumers().values()) {
            r.mapHeader(3);
            r.bulk("name");
            r.bulk(consumer.name());
            r.bulk("pending");
            r.integer(consumer.pending().size());
            r.bulk("idle");
            r.integer(Math.max(0, now - consumer.seenTime));
        }
    }

    private void groups(Client c, byte[][] argv) {
        StreamValue s = existing(c, argv[2]);
        Reply r = c.reply();
        r.arrayHeader(s.groups().size());
        for (Map.Entry<byte[], ConsumerGroup> e : s.groups().entrySet()) {
            ConsumerGroup g = e.getValue();
            r.mapHeader(6);
            r.bulk("name");
            r.bulk(e.getKey());
            r.bulk("consumers");
            r.integer(g.consumers().size());
            r.bulk("pending");
            r.integer(g.pending().size());
            r.bulk("last-delivered-id");
            r.bulk(g.lastId.toBytes());
            replyReadCounters(r, s, g);
        }
    }

    private static void replyReadCounters(Reply r, StreamValue s, ConsumerGroup g) {
        r.bulk("entries-read");
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ) {
            r.integer(g.entriesRead);
        } else {
            r.nullBulk();
        }
        r.bulk("lag");
        long lag = s.lag(g);
        if (lag != StreamValue.UNKNOWN_LAG) {
            r.integer(lag);
        } else {
            r.nullBulk();
        }
    }

    private void stream(Client c, byte[][] argv) {
        StreamValue s = existing(c, argv[2]);
        int options = argv.length - 3;
        boolean full = options > 0;
        long count = FULL_DEFAULT_COUNT;
        if (full) {
            if ((options != 1 && options != 3) || !Args.is(argv[3], "full")) {
                throw Errors.subcommandSyntax(argv);
            }
            if (options == 3) {
                if (!Args.is(argv[4], "count")) {
                    throw Errors.subcommandSyntax(argv);
                }
                count = Args.toLong(argv[5]);
                if (count < 0) {
                    count = FULL_DEFAULT_COUNT;
                }
            }
        }
        Reply r = c.reply();
        r.mapHeader(full ? 9 : 10);
        r.bulk("length");
        r.integer(s.length());
        r.bulk("radix-tree-keys");
        r.integer(s.nodeCount());
        r.bulk("radix-tree-nodes");
        r.integer(s.radixTreeNodes());
        r.bulk("last-generated-id");
        r.bulk(s.lastId().toBytes());
        r.bulk("max-deleted-entry-id");
        r.bulk(s.maxDeletedId().toBytes());
        r.bulk("entries-added");
        r.integer(s.entriesAdded());
        r.bulk("recorded-first-entry-id");
        r.bulk(s.firstId().toBytes());
        if (!full) {
            r.bulk("groups");
            r.integer(s.groups().size());
            r.bulk("first-entry");
            if (!StreamReplies.entry(r, s, null, false)) {
                r.nullBulk();
            }
            r.bulk("last-entry");
            if (!StreamReplies.entry(r, s, null, true)) {
                r.nullBulk();
            }
            return;
        }
        r.bulk("entries");
        StreamReplies.range(r, s, StreamId.MIN, StreamId.MAX, count, false);
        r.bulk("groups");
        r.arrayHeader(s.groups().size());
        for (Map.Entry<byte[], ConsumerGroup> e : s.groups().entrySet()) {
            fullGroup(r, s, e.getKey(), e.getValue(), count);
        }
    }

    private static void fullGroup(Reply r, StreamValue s, byte[] name, ConsumerGroup g, long count) {
        r.mapHeader(7);
        r.bulk("name");
        r.bulk(name);
        r.bulk("last-delivered-id");
        r.bulk(g.lastId.toBytes());
        replyReadCounters(r, s, g);
        r.bulk("pel-count");
        r.integer(g.pending().size());
        r.bulk("pending");
        r.arrayHeader(limited(g.pending().size(), count));
        long n = 0;
        for (Map.Entry<StreamId, PendingEntry> e : g.pending().entrySet()) {
            if (count != 0 && n++ == count) {
                break;
            }
            r.arrayHeader(4);
            r.bulk(e.getKey().toBytes());
            r.bulk(e.getValue().consumer.name());
            r.integer(e.getValue().deliveryTime);
            r.integer(e.getValue().deliveryCount);
        }
        r.bulk("consumers");
        r.arrayHeader(g.consumers().size());
        for (Consumer consumer : g.consumers().values()) {
            r.mapHeader(4);
            r.bulk("name");
            r.bulk(consumer.name());
            r.bulk("seen-time");
            r.integer(consumer.seenTime);
            r.bulk("pel-count");
            r.integer(consumer.pending().size());
            r.bulk("pending");
            r.arrayHeader(limited(consumer.pending().size(), count));
            long m = 0;
            for (Map.Entry<StreamId, PendingEntry> e : consumer.pending().entrySet()) {
                if (count != 0 && m++ == count) {
                    break;
                }
                r.arrayHeader(3);
                r.bulk(e.getKey().toBytes());
                r.integer(e.getValue().deliveryTime);
                r.integer(e.getValue().deliveryCount);
            }
        }
    }

    private static long limited(long size, long count) {
        return count == 0 ? size : Math.min(size, count);
    }
}
