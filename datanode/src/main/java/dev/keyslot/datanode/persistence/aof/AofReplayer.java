package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.scripting.ScriptRunner;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * Runs AOF commands as Redis's fake AOF client does: straight to the command (no authentication, OOM or
 * cluster checks), replies discarded, never blocking.
 */
final class AofReplayer implements CommandReplayer {
    private final CommandExecutor executor;
    private final Client client;
    private final ScriptRunner scripts;

    AofReplayer(Server server) {
        this.executor = server.executor();
        this.scripts = server.scripting().runner();
        this.client = server.createInternalClient();
        client.markLoadingAof();
        client.setReplyMode(true, false);
        client.setDenyBlocking(true);
    }

    @Override
    public boolean knows(byte[][] argv) {
        return executor.table().lookup(argv[0]) != null;
    }

    @Override
    public void execute(byte[][] argv) {
        client.beginCommand();
        CommandSpec spec = executor.resolve(client, argv);
        if (spec != null) {
            executor.call(client, spec, argv);
        }
    }

    @Override
    public boolean executeMayPause(byte[][] argv) {
        client.setReplayWaitsForScripts(true);
        try {
            execute(argv);
        } finally {
            client.setReplayWaitsForScripts(false);
        }
        return waiting();
    }

    @Override
    public boolean waiting() {
        return scripts.busy();
    }
}
