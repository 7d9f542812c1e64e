package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** XREAD and XREADGROUP, served at once when there is something to read, else blocking when asked to. */
public final class StreamReadCommands implements CommandGroup {
    /** A blocked read without COUNT gets at most this many entries, as in Redis. */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;

    private final Server server;
    private final StreamAccess streams;

    public StreamReadCommands(Server server) {
        this.server = server;
        this.streams = new StreamAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("xread", -4, "readonly blocking movablekeys", 0, 0, 0, "stream", this::read)
                .keysFoundBy(StreamReadCommands::keyPositions)
                .keySpecs(KeySpec.keyword("STREAMS", 1).range(-1, 1, 2).flags("RO access"));
        t.add("xreadgroup", -7, "write blocking movablekeys", 0, 0, 0, "stream", this::read)
                .keysFoundBy(StreamReadCommands::keyPositions)
                .keySpecs(KeySpec.keyword("STREAMS", 4).range(-1, 1, 2).flags("RO access"));
    }

    /** The keys follow STREAMS, half of the remaining arguments (Redis's xreadGetKeys). */
    static List<Integer> keyPositions(byte[][] argv) {
        int streamsAt = -1;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "block") || Args.is(argv[i], "count")) {
                i++;
            } else if (Args.is(argv[i], "group")) {
                i += 2;
            } else if (Args.is(argv[i], "noack")) {
                continue;
            } else if (Args.is(argv[i], "streams")) {
                streamsAt = i;
                break;
            } else {
                break;
            }
        }
        int num = argv.length - streamsAt - 1;
        if (streamsAt == -1 || num == 0 || num % 2 != 0) {
            return List.of();
        }
        List<Integer> keys = new ArrayList<>(num / 2);
        for (int i = 0; i < num / 2; i++) {
            keys.add(streamsAt + 1 + i);
        }
        return keys;
    }

    /** The parsed request; an ID of null stands for ">". */
    private record Request(long timeout, long count, boolean noAck, byte[] group, byte[] consumer,
                           List<byte[]> keys, StreamId[] ids) {
    }

    private void read(Client c, byte[][] argv) {
        Request q = parse(c, argv);
        if (q == null) {
            return;
        }
        if (q.group != null) {
            // Propagated as its effects on each group (GroupPropagation), never as itself.
            server.propagator().prevent();
        }
        Reply r = c.reply();
        ItemsWrittenAside streamsServed = new ItemsWrittenAside(r);
        Reply body = streamsServed.body();
        int served = 0;
        long now = StreamAccess.now();
        for (int i = 0; i < q.keys.size(); i++) {
            byte[] key = q.keys.get(i);
            StreamValue s = streams.read(c, key);
            if (s != null && serveSynchronously(c, body, q, key, s, q.ids[i], now)) {
                served++;
            }
        }
        if (served > 0) {
            if (r.resp3()) {
                r.mapHeader(served);
            } else {
                r.arrayHeader(served);
            }
            streamsServed.appendTo(r);
            return;
        }
        if (q.timeout == -1) {
            r.nullArray();
        } else if (c.denyBlocking()) {
            r.nullArray();
        } else {
            long count = q.count != 0 ? q.count : BLOCKED_DEFAULT_COUNT;
            server.blocking().block(c, q.keys, q.timeout,
                    (client, key, value) -> serveBlocked(client, key, value, q, count));
        }
    }

    private boolean serveSynchronously(Client c, Reply body, Request q, byte[] key, StreamValue s, StreamId id,
                                       long now) {
        ConsumerGroup group = q.group == null ? null : s.group(q.group);
        StreamId after = id;
        boolean history = false;
        if (group != null && id != null) {
            history = true;
        } else if (s.length() == 0) {
            return false;
        } else {
            StreamId top = s.lastLiveId();
            after = group != null ? group.lastId : id;
            if (top.compareTo(after) <= 0) {
                return false;
            }
        }
        StreamId start = after.next() == null ? StreamId.MIN : after.next();
        if (!body.resp3()) {
            body.arrayHeader(2);
        }
        body.bulk(key);
        if (group == null) {
            GroupDelivery.deliver(body, s, start, q.count, null, null, false, now, null);
            return true;
        }
        GroupPropagation propagation = propagation(c, key, q);
        Consumer consumer = consumer(c, group, q, key, now, propagation);
        if (history) {
            GroupDelivery.history(body, s, start, q.count, consumer, now);
        } else {
            GroupDelivery.deliver(body, s, start, q.count, group, consumer, q.noAck, now, propagation);
        }
        streams.dirty(1);
        return true;
    }

    private GroupPropagation propagation(Client c, byte[] key, Request q) {
        return new GroupPropagation(server.propagator(), c.db().id(), key, q.group);
    }

    /** Looks the consumer up (refreshing its seen time) or creates it. */
    private Consumer consumer(Client c, ConsumerGroup group, Request q, byte[] key, long now,
                              GroupPropagation propagation) {
        Consumer consumer = group.consumer(q.consumer);
        if (consumer != null) {
            consumer.seenTime = now;
            return consumer;
        }
        consumer = group.createConsumer(q.consumer, now);
        if (q.noAck) {
            // Without NOACK the XCLAIMs of the delivered entries create it on the other side.
            propagation.consumerCreated(q.consumer);
        }
        streams.dirty(1);
        streams.notify(c, "xgroup-createconsumer", key);
        return consumer;
    }

    private boolean serveBlocked(Client c, byte[] key, Object value, Request q, long count) {
        StreamValue s = value instanceof StreamValue v ? v : null;
        ConsumerGroup group = null;
        StreamId after;
        if (q.group != null) {
            if (s == null) {
                return fail(c, "UNBLOCKED the stream key no longer exists");
            }
            group = s.group(q.group);
            if (group == null) {
                return fail(c, "NOGROUP the consumer group this client was blocked on no longer exists");
            }
            after = group.lastId;
        } else {
            if (s == null) {
                return false;
            }
            after = q.ids[indexOf(q.keys, key)];
        }
        if (s.lastId().compareTo(after) <= 0) {
            return false;
        }
        long now = StreamAccess.now();
        GroupPropagation propagation = group == null ? null : propagation(c, key, q);
        Consumer consumer = group == null ? null : consumer(c, group, q, key, now, propagation);
        Reply r = c.reply();
        if (r.resp3()) {
            r.mapHeader(1);
        } else {
            r.arrayHeader(1);
            r.arrayHeader(2);
        }
        r.bulk(key);
        StreamId start = after.next() == null ? StreamId.MIN : after.next();
        GroupDelivery.deliver(r, s, start, count, group, consumer, q.noAck, now, propagation);
        return true;
    }

    private boolean fail(Client c, String error) {
        c.reply().error(error);
        server.stats().countError(error);
        return true;
    }

    private static int indexOf(List<byte[]> keys, byte[] key) {
        for (int i = 0; i < keys.size(); i++) {
            if (Arrays.equals(keys.get(i), key)) {
                return i;
            }
        }
        throw new IllegalStateException("served a key the client does not wait on");
    }

    private Request parse(Client c, byte[][] argv) {
        boolean isGroup = argv[0].length == 10;
        long timeout = -1;
        long count = 0;
        boolean noAck = false;
        byte[] group = null;
        byte[] consumer = null;
        int streamsAt = 0;
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            int more = argv.length - i - 1;
            byte[] o = argv[i];
            if (Args.is(o, "block") && more > 0) {
                if (c.runsScripts()) {
                    // Refused outright from scripts, though other blocking commands there just do not block.
                    throw new CommandError("ERR " + Args.str(argv[0])
                            + " command is not allowed with BLOCK option from scripts");
                }
                i++;
                timeout = Args.toLong(argv[i], "ERR timeout is not an integer or out of range");
                if (timeout < 0) {
                    throw new CommandError("ERR timeout is negative");
                }
            } else if (Args.is(o, "count") && more > 0) {
                i++;
                count = Math.max(0, Args.toLong(argv[i]));
            } else if (Args.is(o, "streams") && more > 0) {
                streamsAt = i + 1;
                n = argv.length - streamsAt;
                if (n % 2 != 0) {
                    throw new CommandError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$'"
                            + " must be specified.");
                }
                n /= 2;
                break;
            } else if (Args.is(o, "group") && more >= 2) {
                if (!isGroup) {
                    throw new CommandError(
                            "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                group = argv[i + 1];
                consumer = argv[i + 2];
                i += 2;
            } else if (Args.is(o, "noack")) {
                if (!isGroup) {
                    throw new CommandError(
                            "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noAck = true;
            } else {
                throw Errors.syntax();
            }
        }
        if (streamsAt == 0) {
            throw Errors.syntax();
        }
        if (isGroup && group == null) {
            throw new CommandError("ERR Missing GROUP option for XREADGROUP");
        }
        List<byte[]> keys = Arrays.asList(argv).subList(streamsAt, streamsAt + n);
        StreamId[] ids = new StreamId[n];
        for (int i = 0; i < n; i++) {
            byte[] key = keys.get(i);
            byte[] arg = argv[streamsAt + n + i];
            StreamValue s = streams.read(c, key);
            if (group != null && (s == null || s.group(group) == null)) {
                throw new CommandError("NOGROUP No such key '" + Args.cString(key) + "' or consumer group '"
                        + Args.cString(group) + "' in XREADGROUP with GROUP option");
            }
            if (arg.length == 1 && arg[0] == '$') {
                if (isGroup) {
                    throw new CommandError("ERR The $ ID is meaningless in the context of XREADGROUP: you want to"
                            + " read the history of this consumer by specifying a proper ID, or use the > ID to get"
                            + " new messages. The $ ID would just return an empty result set.");
                }
                ids[i] = s == null ? StreamId.MIN : s.lastId();
            } else if (arg.length == 1 && arg[0] == '>') {
                if (!isGroup) {
                    throw new CommandError("ERR The > ID can be specified only when calling XREADGROUP using the"
                            + " GROUP <group> <consumer> option.");
                }
                ids[i] = null;
            } else {
                StreamId id = StreamIdArgs.parseStrict(arg);
                // Redis marks ">" with the largest ID, so a group read given that ID explicitly reads new entries.
                ids[i] = isGroup && id.equals(StreamId.MAX) ? null : id;
            }
        }
        return new Request(timeout, count, noAck, group, consumer, keys, ids);
    }
}
