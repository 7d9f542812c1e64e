package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** SPOP and SRANDMEMBER, with Redis's strategies where they decide the reply's shape or the set's encoding. */
final class SetRandom {
    private static final String COUNT_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** SPOP keeps popping one by one while more than count/5 members will remain. */
    private static final int POP_ONE_BY_ONE_MULTIPLIER = 5;
    /** SRANDMEMBER picks from a full copy when the set is under three times the count. */
    private static final int SAMPLING_MULTIPLIER = 3;

    private final Server server;
    private final TypedLookup lookup;
    private final SetWriter writer;
    private final SetAlgebra algebra;

    SetRandom(Server server, TypedLookup lookup, SetWriter writer, SetAlgebra algebra) {
        this.server = server;
        this.lookup = lookup;
        this.writer = writer;
        this.algebra = algebra;
    }

    /** SPOP key [count]. */
    void spop(Client c, byte[][] argv) {
        if (argv.length == 3) {
            spopWithCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue s = (SetValue) e.value;
        byte[] member = s.randomMember();
        s.remove(member);
        c.reply().bulk(member);
        writer.removedFrom(db, argv[1], s, "spop");
        server.stats().dirty++;
        server.propagator().rewrite(StreamWords.SREM, argv[1], member);
    }

    private void spopWithCount(Client c, byte[][] argv) {
        long count = Args.toLong(argv[2], Errors.MUST_BE_POSITIVE);
        if (count < 0) {
            throw new CommandError(Errors.MUST_BE_POSITIVE);
        }
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        Reply r = c.reply();
        if (e == null || count == 0) {
            r.setHeader(0);
            return;
        }
        SetValue s = (SetValue) e.value;
        int size = s.size();
        writer.notify(NotifyType.SET, "spop", argv[1], db);
        server.stats().dirty += Math.min(count, size);
        if (count >= size) {
            SetAlgebra.replySet(r, algebra.rebuilt(s));
            db.delete(argv[1]);
            writer.notify(NotifyType.GENERIC, "del", argv[1], db);
            server.propagator().rewrite(StreamWords.DEL, argv[1]);
            return;
        }
        // Replicas remove the same members: one SREM per popped member, in one transaction.
        server.propagator().prevent();

        r.setHeader(count);
        long remaining = size - count;
        if (remaining * POP_ONE_BY_ONE_MULTIPLIER > count) {
            for (long i = 0; i < count; i++) {
                byte[] member = s.randomMember();
                s.remove(member);
                r.bulk(member);
                server.propagator().alsoPropagate(db.id(), StreamWords.SREM, argv[1], member);
            }
            db.signalModified(argv[1]);
        } else {
            // Move the few survivors to a new set (which may be more compact) and return the old one whole.
            SetValue kept = null;
            long maxIntset = writer.maxIntsetEntries();
            for (long i = 0; i < remaining; i++) {
                byte[] member = s.randomMember();
                if (kept == null) {
                    kept = SetValue.createFor(member);
                }
                kept.add(member, maxIntset);
                s.remove(member);
            }
            s.forEach(member -> {
                r.bulk(member);
                server.propagator().alsoPropagate(db.id(), StreamWords.SREM, argv[1], member);
            });
            db.set(argv[1], kept, true);
        }
    }

    /** SRANDMEMBER key [count]. */
    void srandmember(Client c, byte[][] argv) {
        if (argv.length == 3) {
            srandmemberWithCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        SetValue s = lookup.value(c.db(), argv[1], ValueType.SET);
        if (s == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(s.randomMember());
        }
    }

    private void srandmemberWithCount(Client c, byte[][] argv) {
        long requested = Args.toLong(argv[2]);
        if (requested == Long.MIN_VALUE) {
            throw new CommandError(COUNT_RANGE);
        }
        SetValue s = lookup.value(c.db(), argv[1], ValueType.SET);
        Reply r = c.reply();
        if (s == null || requested == 0) {
            r.emptyArray();
            return;
        }
        long count = Math.abs(requested);
        if (requested < 0 || count == 1) {
            r.arrayHeader(count);
            // A client closed for its output buffer stops a huge count early, as in Redis.
            for (long i = 0; i < count && !r.discarded(); i++) {
                r.bulk(s.randomMember());
            }
            return;
        }
        int size = s.size();
        if (count >= size) {
            r.arrayHeader(size);
            s.forEach(r::bulk);
            return;
        }
        r.arrayHeader(count);
        if (count * SAMPLING_MULTIPLIER > size) {
            List<byte[]> all = new ArrayList<>(size);
            s.forEach(all::add);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(all.size() - i);
                r.bulk(all.get(j));
                all.set(j, all.get(i));
            }
        } else {
            Set<ByteBuffer> seen = new HashSet<>();
            while (seen.size() < count) {
                byte[] m = s.randomMember();
                if (seen.add(ByteBuffer.wrap(m))) {
                    r.bulk(m);
                }
            }
        }
    }
}
