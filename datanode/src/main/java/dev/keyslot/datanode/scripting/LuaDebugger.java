package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.RequestGate;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redis's Lua debugger sessions (SCRIPT DEBUG YES|SYNC): which clients asked for one, and the session running.
 *
 * <p>Redis blocks in the debugger reading the client's socket, so nothing else is served until the session ends;
 * here the script thread waits for the debugging client's requests while the event loop keeps reading them,
 * and every other client's requests are held back (this gate) and run once the session is over. A forked (YES)
 * session, which Redis runs in a child process while the parent goes on serving, is also run here with the
 * others held back; its writes are not propagated and are rolled back at its end ({@link DebugRollback}).
 */
public final class LuaDebugger implements RequestGate {
    private final Server server;
    /** Clients in debug mode, true for SYNC. */
    private final Map<Client, Boolean> enabled = new HashMap<>();
    private final Set<Client> held = new LinkedHashSet<>();
    private LuaDebugSession session;

    LuaDebugger(Server server) {
        this.server = server;
        server.executor().addGate(this);
        server.onDisconnect(this::disconnected);
    }

    public void enable(Client c, boolean sync) {
        enabled.put(c, sync);
    }

    public void disable(Client c) {
        enabled.remove(c);
    }

    /** Whether c's next EVAL starts a session (not inside MULTI/EXEC, where the event loop cannot wait for it). */
    public boolean debugs(Client c) {
        return c.channel() != null && !server.executor().nested() && enabled.containsKey(c);
    }

    /** Starts c's session for script: from now on c's requests are debugger commands. */
    LuaDebugSession start(Client c, byte[] script) {
        boolean sync = enabled.get(c);
        server.log().warning(sync ? "Redis synchronous debugging eval session started"
                : "Redis forked for debugging eval");
        // Replies still pending go out before the session's own output, which is written to the socket directly.
        c.flush();
        LuaDebugSession started = new LuaDebugSession(c, sync ? null : new DebugRollback(server.keyspace()), script,
                () -> server.config().getLong("busy-reply-threshold"));
        session = started;
        c.divertInput(started::deliver);
        if (!sync) {
            server.propagator().mute(true);
        }
        return started;
    }

    /**
     * Ends the session on the command thread before its script's reply is written: the end mark, the rollback of a
     * forked session, and the connection closed after the reply, as Redis does. The held clients run afterwards.
     */
    void end(LuaDebugSession ended) {
        ended.end();
        if (ended.rollback != null) {
            ended.rollback.restore();
            server.propagator().mute(false);
        }
        server.log().warning(ended.sync ? "Redis synchronous debugging eval session ended"
                : "Lua debugging session child exiting");
        Client c = ended.client;
        c.divertInput(null);
        c.closeAfterReply();
        enabled.remove(c);
        session = null;
        server.eventLoop().execute(this::releaseHeld);
    }

    @Override
    public boolean hold(Client client, byte[][] argv) {
        if (session == null || client == session.client) {
            return false;
        }
        if (!client.pauseInputBefore(argv)) {
            return false;
        }
        held.add(client);
        return true;
    }

    private void releaseHeld() {
        if (session != null) {
            return;
        }
        List<Client> waiting = new ArrayList<>(held);
        held.clear();
        for (Client c : waiting) {
            c.resumeInput();
        }
    }

    private void disconnected(Client c) {
        enabled.remove(c);
        held.remove(c);
        if (session != null && session.client == c) {
            session.deliver(LuaDebugSession.DISCONNECTED);
        }
    }
}
