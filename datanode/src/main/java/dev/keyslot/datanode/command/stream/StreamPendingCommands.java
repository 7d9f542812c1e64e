package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.PendingEntry;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/** XACK, XPENDING, XCLAIM and XAUTOCLAIM: the pending entries lists of consumer groups. */
public final class StreamPendingCommands implements CommandGroup {
    private static final String COUNT_ERROR = "ERR COUNT must be > 0";
    private final StreamAccess streams;
    private final Server server;

    public StreamPendingCommands(Server server) {
        this.streams = new StreamAccess(server);
        this.server = server;
    }

    /** XCLAIM and XAUTOCLAIM propagate their effects (GroupPropagation), never themselves. */
    private GroupPropagation claimPropagation(Client c, byte[][] argv) {
        server.propagator().prevent();
        return new GroupPropagation(server.propagator(), c.db().id(), argv[1], argv[2]);
    }

    @Override
    public void register(CommandTable t) {
        t.add("xack", -4, "write fast", 1, 1, 1, "stream", this::xack).keySpecFlags("RW update");
        t.add("xpending", -3, "readonly", 1, 1, 1, "stream", this::xpending)
                .tips("nondeterministic_output").keySpecFlags("RO access");
        t.add("xclaim", -6, "write fast", 1, 1, 1, "stream", this::xclaim)
                .tips("nondeterministic_output").keySpecFlags("RW update");
        t.add("xautoclaim", -6, "write fast", 1, 1, 1, "stream", this::xautoclaim)
                .tips("nondeterministic_output").keySpecFlags("RW delete");
    }

    private void xack(Client c, byte[][] argv) {
        StreamValue s = streams.read(c, argv[1]);
        ConsumerGroup group = s == null ? null : s.group(argv[2]);
        if (group == null) {
            c.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[argv.length - 3];
        for (int j = 3; j < argv.length; j++) {
            ids[j - 3] = StreamIdArgs.parseStrict(argv[j]);
        }
        int acknowledged = 0;
        for (StreamId id : ids) {
            PendingEntry p = group.pending().get(id);
            if (p != null) {
                group.acknowledge(id, p);
                acknowledged++;
            }
        }
        streams.dirty(acknowledged);
        c.reply().integer(acknowledged);
    }

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]]. */
    private void xpending(Client c, byte[][] argv) {
        int argc = argv.length;
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw Errors.syntax();
        }
        long minIdle = 0;
        long count = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int at = 3;
            if (Args.is(argv[3], "idle")) {
                minIdle = Args.toLong(argv[4]);
                if (argc < 8) {
                    throw Errors.syntax();
                }
                at += 2;
            }
            count = Math.max(0, Args.toLong(argv[at + 2]));
            start = StreamIdArgs.parseStart(argv[at]);
            end = StreamIdArgs.parseEnd(argv[at + 1]);
            if (at + 3 < argc) {
                consumerName = argv[at + 3];
            }
        }
        StreamValue s = streams.read(c, argv[1]);
        ConsumerGroup group = StreamAccess.requireGroup(s, argv[1], argv[2]);
        Reply r = c.reply();
        if (argc == 3) {
            summary(r, group);
            return;
        }
        NavigableMap<StreamId, PendingEntry> pel = group.pending();
        if (consumerName != null) {
            Consumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                r.emptyArray();
                return;
            }
            pel = consumer.pending();
        }
        long now = StreamAccess.now();
        List<Map.Entry<StreamId, PendingEntry>> selected = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, PendingEntry> e : pel.subMap(start, true, end, true).entrySet()) {
                if (selected.size() == count) {
                    break;
                }
                if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) {
                    continue;
                }
                selected.add(e);
            }
        }
        r.arrayHeader(selected.size());
        for (Map.Entry<StreamId, PendingEntry> e : selected) {
            PendingEntry p = e.getValue();
            r.arrayHeader(4);
            r.bulk(e.getKey().toBytes());
            r.bulk(p.consumer.name());
            r.integer(Math.max(0, now - p.deliveryTime));
            r.integer(p.deliveryCount);
        }
    }

    private static void summary(Reply r, ConsumerGroup group) {
        NavigableMap<StreamId, PendingEntry> pel = group.pending();
        r.arrayHeader(4);
        r.integer(pel.size());
        if (pel.isEmpty()) {
            r.nullBulk();
            r.nullBulk();
            r.nullArray();
            return;
        }
        r.bulk(pel.firstKey().toBytes());
        r.bulk(pel.lastKey().toBytes());
        int owners = 0;
        for (Consumer consumer : group.consumers().values()) {
            if (!consumer.pending().isEmpty()) {
                owners++;
            }
        }
        r.arrayHeader(owners);
        for (Consumer consumer : group.consumers().values()) {
            if (!consumer.pending().isEmpty()) {
                r.arrayHeader(2);
                r.bulk(consumer.name());
                r.bulkLong(consumer.pending().size());
            }
        }
    }

    /** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
    private void xclaim(Client c, byte[][] argv) {
        StreamValue s = streams.read(c, argv[1]);
        ConsumerGroup group = StreamAccess.requireGroup(s, argv[1], argv[2]);
        long minIdle = Math.max(0, Args.toLong(argv[4], "ERR Invalid min-idle-time argument for XCLAIM"));
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argv.length; j++) {
            StreamId id = StreamIdArgs.parseStrictOrNull(argv[j]);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long now = StreamAccess.now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            byte[] opt = argv[j];
            if (Args.is(opt, "force")) {
                force = true;
            } else if (Args.is(opt, "justid")) {
                justId = true;
            } else if (Args.is(opt, "idle") && more) {
                deliveryTime = now - Args.toLong(argv[++j], "ERR Invalid IDLE option argument for XCLAIM");
            } else if (Args.is(opt, "time") && more) {
                deliveryTime = Args.toLong(argv[++j], "ERR Invalid TIME option argument for XCLAIM");
            } else if (Args.is(opt, "retrycount") && more) {
                retryCount = Args.toLong(argv[++j], "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (Args.is(opt, "lastid") && more) {
                lastId = StreamIdArgs.parseStrict(argv[++j]);
            } else {
                throw new CommandError("ERR Unrecognized XCLAIM option '" + Args.cString(opt) + "'");
            }
        }
        GroupPropagation propagation = claimPropagation(c, argv);
        boolean propagateLastId = false;
        if (lastId.compareTo(group.lastId) > 0) {
            group.lastId = lastId;
            propagateLastId = true;
        }
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now;
        }
        ItemsWrittenAside claims = new ItemsWrittenAside(c.reply());
        Reply body = claims.body();
        Consumer consumer = null;
        int claimed = 0;
        for (int i = 0; i < ids.size(); i++) {
            StreamId id = ids.get(i);
            PendingEntry p = group.pending().get(id);
            if (!s.entryExists(id)) {
                if (p != null) {
                    propagation.claimed(group, argv[5 + i], p);
                    propagateLastId = false;
                    group.acknowledge(id, p);
                    streams.dirty(1);
                }
                continue;
            }
            if (force && p == null) {
                p = new PendingEntry(now, 1, null);
                group.pending().put(id, p);
            }
            if (p == null) {
                continue;
            }
            if (p.consumer != null && minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = lookupOrCreate(c, group, argv[3], argv[1], now);
            }
            group.assign(id, p, consumer);
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                p.deliveryCount = retryCount;
            } else if (!justId) {
                p.deliveryCount++;
            }
            if (justId) {
                body.bulk(id.toBytes());
            } else {
                StreamReplies.entry(body, s, id);
            }
            claimed++;
            propagation.claimed(group, argv[5 + i], p);
            propagateLastId = false;
            streams.dirty(1);
        }
        if (propagateLastId) {
            propagation.lastIdMoved(group);
            streams.dirty(1);
        }
        c.reply().arrayHeader(claimed);
        claims.appendTo(c.reply());
    }

    private Consumer lookupOrCreate(Client c, ConsumerGroup group, byte[] name, byte[] key, long now) {
        Consumer consumer = group.consumer(name);
        if (consumer != null) {
            consumer.seenTime = now;
            return consumer;
        }
        consumer = group.createConsumer(name, now);
        streams.dirty(1);
        streams.notify(c, "xgroup-createconsumer", key);
        return consumer;
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]. */
    private void xautoclaim(Client c, byte[][] argv) {
        long minIdle = Math.max(0, Args.toLong(argv[4], "ERR Invalid min-idle-time argument for XAUTOCLAIM"));
        StreamId start = StreamIdArgs.parseStart(argv[5]);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (Args.is(argv[j], "count") && more) {
                count = Args.toLong(argv[j + 1], COUNT_ERROR);
                if (count < 1 || count > Long.MAX_VALUE / 16) {
                    throw new CommandError(COUNT_ERROR);
                }
                j++;
            } else if (Args.is(argv[j], "justid")) {
                justId = true;
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = streams.read(c, argv[1]);
        ConsumerGroup group = StreamAccess.requireGroup(s, argv[1], argv[2]);
        GroupPropagation propagation = claimPropagation(c, argv);
        long attempts = count * 10;
        long now = StreamAccess.now();
        NavigableMap<StreamId, PendingEntry> pel = group.pending();
        ItemsWrittenAside claims = new ItemsWrittenAside(c.reply());
        Reply body = claims.body();
        List<StreamId> deleted = new ArrayList<>();
        Consumer consumer = null;
        int claimed = 0;
        StreamId from = start;
        while (attempts-- != 0 && count != 0 && from != null) {
            Map.Entry<StreamId, PendingEntry> e = pel.ceilingEntry(from);
            if (e == null) {
                from = null;
                break;
            }
            StreamId id = e.getKey();
            PendingEntry p = e.getValue();
            from = id.next();
            if (!s.entryExists(id)) {
                propagation.claimed(group, id.toBytes(), p);
                group.acknowledge(id, p);
                deleted.add(id);
                count--;
                streams.dirty(1);
                continue;
            }
            if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = lookupOrCreate(c, group, argv[3], argv[1], now);
            }
            group.assign(id, p, consumer);
            p.deliveryTime = now;
            if (!justId) {
                p.deliveryCount++;
            }
            if (justId) {
                body.bulk(id.toBytes());
            } else {
                StreamReplies.entry(body, s, id);
            }
            claimed++;
            count--;
            propagation.claimed(group, id.toBytes(), p);
            streams.dirty(1);
        }
        Map.Entry<StreamId, PendingEntry> next = from == null ? null : pel.ceilingEntry(from);
        Reply r = c.reply();
        r.arrayHeader(3);
        r.bulk((next == null ? StreamId.MIN : next.getKey()).toBytes());
        r.arrayHeader(claimed);
        claims.appendTo(r);
        r.arrayHeader(deleted.size());
        for (StreamId id : deleted) {
            r.bulk(id.toBytes());
        }
    }
}
