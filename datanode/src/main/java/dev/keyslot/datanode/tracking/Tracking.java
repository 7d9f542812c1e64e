package dev.keyslot.datanode.tracking;

import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandObserver;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.ByteKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Client-side caching (Redis's tracking.c). In default mode the server remembers which clients read
 * which keys and sends each an "invalidate" message when such a key changes, then forgets the key. In
 * BCAST mode clients subscribe to key prefixes and receive, once per event-loop turn, every modified key
 * under them. Messages go as RESP3 pushes, or to a redirection client, which may be a RESP2 connection
 * subscribed to __redis__:invalidate. A flush invalidates everything with a null message.
 *
 * <p>A client modifying a key it tracks itself gets the invalidation after the command's reply (after
 * EXEC's reply inside a transaction, after its reply when a write served it while blocked).
 */
public final class Tracking implements KeyspaceEvents, CommandObserver {
    private static final byte[] NULL_RESP2 = InvalidationSender.ascii("$-1\r\n");
    private static final byte[] NULL_RESP3 = InvalidationSender.ascii("_\r\n");
    private static final String MAX_KEYS_OPTION = "tracking-table-max-keys";
    private static final Set<String> READ_ONLY_SCRIPTS = Set.of("eval_ro", "evalsha_ro", "fcall_ro");
    /** Ids in the order Redis's radix tree keeps them: their little-endian bytes. */
    private static final Comparator<Long> ID_ORDER =
            (a, b) -> Long.compareUnsigned(Long.reverseBytes(a), Long.reverseBytes(b));

    private final Server server;
    private final CommandExecutor executor;
    private final InvalidationSender sender;
    private final BroadcastTracking broadcast;
    /** Becomes true when a client first enables tracking (Redis creates its tables then). */
    private boolean started;
    private final Map<ByteKey, Set<Long>> readers = new HashMap<>();
    private int trackingClients;
    private long trackedItems;
    /** Invalidations for the current client, sent after its reply; null stands for a flush. */
    private final List<byte[]> pending = new ArrayList<>();
    /** Set by keyExpired: the keyModified that follows has no modifying client. */
    private boolean modifiedByServer;
    private long maxTrackedKeys;
    /** Consecutive commands that found the table over its limit even after invalidating. */
    private int limitRounds;

    /** Registers itself for keyspace changes, executed and refused commands, disconnects and RESET. */
    public Tracking(Server server) {
        this.server = server;
        this.executor = server.executor();
        this.sender = new InvalidationSender(server.clients(), server.pushes());
        this.broadcast = new BroadcastTracking(sender, task -> server.eventLoop().execute(task),
                () -> trackingClients);
        server.addKeyspaceListener(this);
        executor.addObserver(this);
        executor.addRejectionHook(this::rejected);
        executor.addServedHook(this::sendPending);
        server.onDisconnect(this::disable);
        server.onClientReset(this::disable);
        executor.addFilter((c, spec, argv) -> {
            limitTrackedKeys();
            return true;
        });
        server.addCronTask(this::limitTrackedKeys);
        maxTrackedKeys = server.config().getLong(MAX_KEYS_OPTION);
        server.config().onChange((name, value) -> {
            if (name.equals(MAX_KEYS_OPTION)) {
                maxTrackedKeys = Long.parseLong(value);
            }
        });
    }

    /**
     * Keeps the table of remembered keys within tracking-table-max-keys, before each command and from the cron (a
     * lowered limit takes effect without traffic), as Redis: invalidates keys (Redis picks them at random) with an
     * effort that grows while the limit stays exceeded.
     */
    private void limitTrackedKeys() {
        if (trackingClients == 0 || maxTrackedKeys == 0) {
            return;
        }
        if (readers.size() <= maxTrackedKeys) {
            limitRounds = 0;
            return;
        }
        int effort = 100 * (limitRounds + 1);
        List<ByteKey> victims = new ArrayList<>(Math.min(effort, readers.size()));
        for (ByteKey k : readers.keySet()) {
            if (victims.size() == effort) {
                break;
            }
            victims.add(k);
        }
        for (ByteKey k : victims) {
            invalidateReaders(k);
            if (readers.size() <= maxTrackedKeys) {
                limitRounds = 0;
                return;
            }
        }
        limitRounds++;
    }

    /** Clients with tracking on (INFO tracking_clients). */
    public int trackingClients() {
        return trackingClients;
    }

    /** Keys remembered for default-mode clients (INFO tracking_total_keys). */
    public int trackedKeys() {
        return readers.size();
    }

    /** Key and client pairs remembered (INFO tracking_total_items). */
    public long trackedItems() {
        return trackedItems;
    }

    /** BCAST prefixes in use (INFO tracking_total_prefixes). */
    public int prefixCount() {
        return broadcast.prefixCount();
    }

    /** CLIENT TRACKING ON with already validated options. */
    public void enable(Client c, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                       List<byte[]> prefixList) {
        ClientTracking t = c.tracking();
        if (!t.enabled) {
            trackingClients++;
        }
        t.enabled = true;
        t.brokenRedirect = false;
        t.redirect = redirect;
        started = true;
        t.bcast = bcast;
        if (bcast) {
            broadcast.subscribe(c, prefixList);
        }
        t.optin = optin;
        t.optout = optout;
        t.noloop = noloop;
    }

    /** CLIENT TRACKING OFF, RESET and disconnect. */
    public void disable(Client c) {
        ClientTracking t = c.tracking();
        if (t.bcast) {
            broadcast.unsubscribe(c);
        }
        if (t.enabled) {
            trackingClients--;
            t.enabled = false;
            t.brokenRedirect = false;
            t.bcast = false;
            t.optin = false;
            t.optout = false;
            t.caching = false;
            t.noloop = false;
        }
    }

    /** CLIENT CACHING YES/NO: the next command's keys are (not) tracked despite OPTIN/OPTOUT. */
    public void setCaching(Client c) {
        c.tracking().caching = true;
    }

    /** Redis's resetClient: CACHING lasts one command, or a whole transaction, unless set by CLIENT. */
    private String rejected(Client c, CommandSpec spec, String error) {
        // A refused EXEC aborts the transaction, whether or not MULTI's hook has run yet.
        boolean refusedExec = spec != null && spec.parent() == null && spec.name().equals("exec");
        endOfCommand(c, spec, refusedExec || !c.multi().inMulti());
        return error;
    }

    private static void endOfCommand(Client c, CommandSpec spec, boolean outsideTransaction) {
        boolean clientCommand = spec != null && spec.parent() != null && spec.parent().name().equals("client");
        if (outsideTransaction && !clientCommand) {
            c.tracking().caching = false;
        }
    }

    @Override
    public void executed(Client c, CommandSpec spec, byte[][] argv, long micros, long dirty) {
        // A script that runs a read-only command makes its caller remember the keys the script declared, as Redis 7.0
        // remembers the caller's command's keys; a read-only script's declared keys alone are not remembered.
        Client reader = executor.originClient() != null ? executor.originClient() : c;
        ClientTracking t = reader.tracking();
        if (t.enabled && !t.bcast && spec.has(CommandFlag.READONLY) && !READ_ONLY_SCRIPTS.contains(spec.name())) {
            byte[][] script = reader == c ? null : executor.scriptCallerArgv();
            if (script == null) {
                rememberKeys(reader, spec, argv);
            } else {
                rememberKeys(reader, executor.commandOf(script), script);
            }
        }
        if (executor.executing()) {
            return;
        }
        endOfCommand(c, spec, !c.multi().inMulti());
        sendPending(c);
    }

    /** The current client's own invalidations, held until its reply was written. */
    private void sendPending(Client c) {
        if (pending.isEmpty()) {
            return;
        }
        for (byte[] key : pending) {
            if (key == null) {
                sender.encoded(c, flushPayload(c));
            } else {
                sender.key(c, key);
            }
        }
        pending.clear();
    }

    private void rememberKeys(Client c, CommandSpec spec, byte[][] argv) {
        ClientTracking t = c.tracking();
        if ((t.optin && !t.caching) || (t.optout && t.caching) || spec.has(CommandFlag.PUBSUB)) {
            return;
        }
        for (int pos : spec.keyPositions(argv)) {
            if (readers.computeIfAbsent(new ByteKey(argv[pos]), k -> new TreeSet<>(ID_ORDER)).add(c.id())) {
                trackedItems++;
            }
        }
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        modifiedByServer = true;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        boolean byServer = modifiedByServer;
        modifiedByServer = false;
        if (!started) {
            return;
        }
        ByteKey k = new ByteKey(key);
        if (broadcast.inUse()) {
            // Unlike the default mode's NOLOOP, the broadcast one looks at the client running the command: a
            // script's own, so a script's writes reach its caller, and a served blocked client's, as in Redis.
            broadcast.keyModified(byServer ? null : executor.modifyingClient(), k);
        }
        invalidateReaders(k);
    }

    /** Tells every default-mode client that read key to drop it, and forgets them. */
    private void invalidateReaders(ByteKey k) {
        byte[] key = k.bytes();
        Set<Long> ids = readers.remove(k);
        if (ids == null) {
            return;
        }
        trackedItems -= ids.size();
        Client current = executor.originClient();
        for (long id : ids) {
            Client target = server.clients().byId(id);
            if (target == null || !target.tracking().enabled || target.tracking().bcast) {
                continue;
            }
            if (target == current && target.tracking().noloop) {
                continue;
            }
            if (target == current && (executor.executing() || executor.servingBlocked())) {
                pending.add(key);
            } else {
                sender.key(target, key);
            }
        }
    }

    @Override
    public void flushed() {
        if (trackingClients > 0) {
            Client current = executor.originClient();
            for (Client c : List.copyOf(server.clients().all())) {
                if (!c.tracking().enabled) {
                    continue;
                }
                if (c == current) {
                    pending.add(null);
                } else {
                    sender.encoded(c, flushPayload(c));
                }
            }
        }
        readers.clear();
        trackedItems = 0;
    }

    /** The null a flush sends, in the protocol of the tracking client (even when redirected). */
    private static byte[] flushPayload(Client c) {
        return c.reply().resp3() ? NULL_RESP3 : NULL_RESP2;
    }
}
