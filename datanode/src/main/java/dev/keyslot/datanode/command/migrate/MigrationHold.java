package dev.keyslot.datanode.command.migrate;

import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.RequestGate;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.PostponedRequests;
import dev.keyslot.datanode.server.Server;

/**
 * Writes naming a key that a MIGRATE is moving wait until that MIGRATE is done, as they would behind Redis's
 * MIGRATE, which holds up the whole server. Replayed once the key has left, such a write is redirected to the
 * target (-ASK) instead of changing a copy the target never gets, which would leave the key on both nodes (and
 * the next migration round, without REPLACE, stopped by BUSYKEY). Everyone else is served meanwhile; a held
 * client's later requests wait behind the held one, in order.
 */
final class MigrationHold implements CommandFilter, RequestGate {
    private static final int WRITE_FLAGS = CommandFlag.WRITE.bit() | CommandFlag.MAY_REPLICATE.bit();
    private final Server server;
    private final InFlightMigrations inFlight;
    private final PostponedRequests held;

    MigrationHold(Server server, InFlightMigrations inFlight) {
        this.server = server;
        this.inFlight = inFlight;
        this.held = new PostponedRequests(server);
    }

    @Override
    public boolean hold(Client client, byte[][] argv) {
        return held.queueBehind(client, argv);
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (!inFlight.anyRunning() || (client.multi().admissionFlags(spec, argv) & WRITE_FLAGS) == 0
                || !namesMovingKey(client, spec, argv)) {
            return true;
        }
        held.hold(client, argv);
        client.exemptFromTimeout(true);
        return false;
    }

    /** Just before the client pauses: after every check that refuses a command, which replay runs again. */
    @Override
    public int order() {
        return LAST - 2;
    }

    /** Replays the held requests after the current event: a MIGRATE may end inside EXEC or a script. */
    void releaseSoon() {
        if (!held.isEmpty()) {
            server.eventLoop().execute(() -> held.replay(c -> c.exemptFromTimeout(false)));
        }
    }

    private boolean namesMovingKey(Client client, CommandSpec spec, byte[][] argv) {
        if (!client.multi().inMulti()) {
            return keysMoving(client, spec, argv);
        }
        if (spec.parent() != null || !spec.name().equals("exec")) {
            // Queued, not run: EXEC is checked with everything queued.
            return false;
        }
        for (QueuedCommand q : client.multi().queued()) {
            if (keysMoving(client, q.spec(), q.argv())) {
                return true;
            }
        }
        return false;
    }

    private boolean keysMoving(Client client, CommandSpec spec, byte[][] argv) {
        for (int position : spec.keyPositions(argv)) {
            if (inFlight.isMoving(client.db(), argv[position])) {
                return true;
            }
        }
        return false;
    }
}
