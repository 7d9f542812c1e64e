package dev.keyslot.datanode.command.migrate;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.DeferredReply;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.KeySpecFlag;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.persistence.rdb.DumpPayload;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.Transport;
import dev.keyslot.datanode.tls.LinkSecurity;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS k ...]: moves keys
 * to another node with RESTORE (RESTORE-ASKING in cluster mode), then deletes them here. The client
 * waits (its further requests are held back) while the command thread keeps serving everyone else; inside
 * EXEC or a script, where the reply cannot wait, the command thread waits for the target as Redis does.
 * Writes naming a key in flight wait until the MIGRATE is done ({@link MigrationHold}), then find it gone and are
 * redirected, as behind Redis's blocking MIGRATE; a key written anyway is kept here ({@link InFlightMigrations}).
 */
public final class MigrateCommand implements CommandGroup {
    private static final long CACHE_TTL_MILLIS = 10_000;
    private final Server server;
    private final TypedLookup lookup;
    private final DumpPayload payloads;
    private final Map<String, MigrateTarget> targets = new HashMap<>();
    private final InFlightMigrations inFlight = new InFlightMigrations();
    private final MigrationHold hold;
    private CommandSpec spec;

    public MigrateCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
        this.payloads = new DumpPayload(RdbValues.standard(server.config()));
        server.addCronTask(this::closeIdleTargets);
        server.addKeyspaceListener(inFlight);
        hold = new MigrationHold(server, inFlight);
        server.executor().addGate(hold);
        server.executor().addFilter(hold);
    }

    @Override
    public void register(CommandTable t) {
        spec = t.add("migrate", -6, "write movablekeys", 3, 3, 1, "keyspace dangerous", this::migrate)
                .keySpecs(KeySpec.index(3).flags("RW access delete"),
                        KeySpec.keyword("KEYS", -2).range(-1, 1, 0).flags("RW access delete incomplete"))
                .keysFoundBy(MigrateCommand::keyPositions)
                .keyFlagsFoundBy((argv, position) -> KeySpecFlag.parse("RW access delete"))
                .tips("nondeterministic_output");
    }

    /**
     * The key argument, or with KEYS every argument after it, none if the key argument is not empty then
     * (the command will refuse it); AUTH and AUTH2 values are skipped, so a password "keys" is no keyword.
     */
    private static List<Integer> keyPositions(byte[][] argv) {
        for (int j = 6; j < argv.length; j++) {
            if (Args.is(argv[j], "keys")) {
                List<Integer> positions = new ArrayList<>();
                for (int k = j + 1; k < argv.length && argv[3].length == 0; k++) {
                    positions.add(k);
                }
                return positions;
            }
            if (Args.is(argv[j], "auth")) {
                j++;
            } else if (Args.is(argv[j], "auth2")) {
                j += 2;
            }
        }
        return List.of(3);
    }

    private record Item(byte[] key, KeyEntry entry, long ttl, byte[] payload) {
    }

    private void migrate(Client c, byte[][] argv) {
        boolean copy = false;
        boolean replace = false;
        byte[] user = null;
        byte[] password = null;
        int firstKey = 3;
        int keyCount = 1;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Args.is(argv[j], "copy")) {
                copy = true;
            } else if (Args.is(argv[j], "replace")) {
                replace = true;
            } else if (Args.is(argv[j], "auth")) {
                if (more < 1) {
                    throw Errors.syntax();
                }
                password = argv[++j];
                c.redactArgument(j);
            } else if (Args.is(argv[j], "auth2")) {
                if (more < 2) {
                    throw Errors.syntax();
                }
                user = argv[++j];
                c.redactArgument(j);
                password = argv[++j];
                c.redactArgument(j);
            } else if (Args.is(argv[j], "keys")) {
                if (argv[3].length != 0) {
                    throw new CommandError("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
                }
                firstKey = j + 1;
                keyCount = argv.length - j - 1;
                break;
            } else {
                throw Errors.syntax();
            }
        }
        long timeout = Args.toLong(argv[5]);
        long dbid = Args.toLong(argv[4]);
        if (timeout <= 0) {
            timeout = 1000;
        }
        Database db = c.db();
        List<Item> items = new ArrayList<>();
        long now = db.now();
        boolean compress = server.config().getBool("rdbcompression");
        for (int j = 0; j < keyCount; j++) {
            byte[] key = argv[firstKey + j];
            KeyEntry e = lookup.read(db, key);
            if (e == null) {
                continue;
            }
            if (!payloads.canDump(e.value)) {
                throw new CommandError("ERR MIGRATE of this value type is not supported yet");
            }
            long ttl = e.hasExpiry() ? Math.max(1, e.expireAt - now) : 0;
            items.add(new Item(key, e, ttl, payloads.dump(e.value, compress)));
        }
        if (items.isEmpty()) {
            c.reply().simple("NOKEY");
            return;
        }
        String host = Args.str(argv[1]);
        int port = (int) Args.toLong(argv[2]);
        Run run = new Run(db, host, port, dbid, timeout, copy, replace, user, password, items);
        if (c.denyBlocking()) {
            // Inside EXEC or a script the reply belongs where the command stands: wait for the target here, as
            // Redis's synchronous MIGRATE does (it holds up every client until the timeout at most).
            String error;
            try {
                error = run.inPlace();
            } finally {
                run.finished();
            }
            if (error != null) {
                throw new CommandError(error);
            }
            c.reply().ok();
            return;
        }
        run.start(server.executor().defer(c, spec, argv), true);
    }

    /** The pipelined AUTH, SELECT and RESTOREs of one attempt, and how many replies come before the RESTOREs'. */
    private record Batch(byte[] request, int prefix, int expected) {
    }

    /** What the target's replies did: the error to answer (null for +OK), and whether a new connection may help. */
    private record Applied(String error, boolean retryable) {
    }

    /** One MIGRATE execution; may retry once on a stale cached connection, as Redis does. */
    private final class Run {
        final Database db;
        final String host;
        final int port;
        final long dbid;
        final long timeout;
        final boolean copy;
        final boolean replace;
        final byte[] user;
        final byte[] password;
        final List<Item> items;
        final InFlightMigrations.Keys copied;

        Run(Database db, String host, int port, long dbid, long timeout, boolean copy,
            boolean replace, byte[] user, byte[] password, List<Item> items) {
            this.db = db;
            this.host = host;
            this.port = port;
            this.dbid = dbid;
            this.timeout = timeout;
            this.copy = copy;
            this.replace = replace;
            this.user = user;
            this.password = password;
            this.items = items;
            this.copied = inFlight.track(db, items.stream().map(Item::key).toList());
        }

        void finished() {
            inFlight.untrack(copied);
            hold.releaseSoon();
        }

        private void finish(DeferredReply reply, String error) {
            finished();
            reply.finish(error);
        }

        private LinkSecurity security() {
            return server.config().getBool("tls-cluster") ? server.tls().links() : LinkSecurity.PLAIN;
        }

        /** Migrates through a cached connection on the command thread's event loop, then answers reply. */
        void start(DeferredReply reply, boolean mayRetry) {
            String cacheKey = host + ":" + port;
            MigrateTarget cached = targets.get(cacheKey);
            if (cached != null && !cached.broken()) {
                send(reply, cached, mayRetry);
                return;
            }
            MigrateTarget fresh = new MigrateTarget(server.eventLoop(), host, port, security());
            targets.put(cacheKey, fresh);
            cacheChanged();
            fresh.connect(timeout, error -> {
                if (error != null) {
                    targets.remove(cacheKey, fresh);
                    cacheChanged();
                    finish(reply, error);
                } else {
                    send(reply, fresh, false);
                }
            });
        }

        private void send(DeferredReply reply, MigrateTarget target, boolean mayRetry) {
            Batch batch = batch(target);
            target.send(batch.request(), batch.expected(), timeout, outcome -> {
                Applied applied = apply(target, outcome, batch.prefix());
                if (outcome.ioError() != null) {
                    targets.remove(host + ":" + port, target);
                    cacheChanged();
                }
                if (applied.retryable() && mayRetry) {
                    start(reply, false);
                } else {
                    finish(reply, applied.error());
                }
            });
        }

        /**
         * Migrates over a connection of its own, waiting for the outcome on the calling thread: its event loop
         * runs the connection (the command thread's loop cannot while it waits). Returns the error, null for OK.
         */
        String inPlace() {
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transport.selected().ioHandlerFactory());
            MigrateTarget target = new MigrateTarget(group.next(), host, port, security());
            try {
                Batch batch = batch(target);
                // Completed with the connect error text or the Outcome; the target's own timeouts bound the wait.
                CompletableFuture<Object> done = new CompletableFuture<>();
                group.execute(() -> target.connect(timeout, error -> {
                    if (error != null) {
                        done.complete(error);
                    } else {
                        target.send(batch.request(), batch.expected(), timeout, done::complete);
                    }
                }));
                Object result = done.join();
                return result instanceof MigrateTarget.Outcome outcome
                        ? apply(target, outcome, batch.prefix()).error() : (String) result;
            } finally {
                target.close();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }

        private Batch batch(MigrateTarget target) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            int prefix = 0;
            if (password != null) {
                write(request, user == null ? new byte[][] {bytes("AUTH"), password}
                        : new byte[][] {bytes("AUTH"), user, password});
                prefix++;
            }
            if (target.lastDbid != dbid) {
                write(request, new byte[][] {bytes("SELECT"), bytes(Long.toString(dbid))});
                prefix++;
            }
            String restore = server.cluster() != null ? "RESTORE-ASKING" : "RESTORE";
            for (Item item : items) {
                byte[][] cmd = replace
                        ? new byte[][] {bytes(restore), item.key(), bytes(Long.toString(item.ttl())), item.payload(), bytes("REPLACE")}
                        : new byte[][] {bytes(restore), item.key(), bytes(Long.toString(item.ttl())), item.payload()};
                write(request, cmd);
            }
            return new Batch(request.toByteArray(), prefix, prefix + items.size());
        }

        /** Deletes here what the target restored (unless COPY) and propagates the deletion. */
        private Applied apply(MigrateTarget target, MigrateTarget.Outcome outcome, int prefix) {
            List<String> lines = outcome.lines();
            String targetError = null;
            int restored = 0;
            List<byte[]> deleted = new ArrayList<>();
            deleted.add(StreamWords.DEL);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("-")) {
                    if (targetError == null) {
                        targetError = "ERR Target instance replied with error: " + line.substring(1);
                        target.lastDbid = -1;
                    }
                } else if (i >= prefix) {
                    restored++;
                    if (!copy && deleteIfUnchanged(items.get(i - prefix))) {
                        deleted.add(items.get(i - prefix).key());
                    }
                }
            }
            if (deleted.size() > 1) {
                // The moved keys leave the replicas too: one DEL of them all, as Redis rewrites MIGRATE.
                server.propagator().alsoPropagate(db.id(), deleted.toArray(new byte[0][]));
            }
            if (targetError != null) {
                return new Applied(targetError, false);
            }
            if (outcome.ioError() != null) {
                return new Applied(outcome.ioError(), restored == 0 && !outcome.writeFailed());
            }
            target.lastDbid = dbid;
            return new Applied(null, false);
        }

        private boolean deleteIfUnchanged(Item item) {
            KeyEntry now = db.lookupRaw(item.key());
            if (now == item.entry() && !copied.writtenSinceCopied(item.key())) {
                db.delete(item.key());
                server.notifications().notify(NotifyType.GENERIC, "del", item.key(), db);
                server.stats().dirty++;
                return true;
            }
            return false;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(ByteArrayOutputStream out, byte[][] args) {
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void closeIdleTargets() {
        long now = System.currentTimeMillis();
        Iterator<MigrateTarget> it = targets.values().iterator();
        while (it.hasNext()) {
            MigrateTarget t = it.next();
            if (t.broken() || now - t.lastUse > CACHE_TTL_MILLIS) {
                t.close();
                it.remove();
            }
        }
        cacheChanged();
    }

    private void cacheChanged() {
        server.stats().migrateCachedSockets = targets.size();
    }
}
