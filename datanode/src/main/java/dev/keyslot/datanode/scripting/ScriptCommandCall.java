package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.acl.PermissionCheck;
import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterState;
import dev.keyslot.datanode.cluster.KeySlot;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.persistence.DiskErrorFilter;
import dev.keyslot.datanode.propagation.Propagator;
import dev.keyslot.datanode.replication.Replication;
import dev.keyslot.datanode.server.Server;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Redis's scriptCall: the checks a command from a script must pass (known, arity, allowed in scripts,
 * read-only scripts, OOM, cluster slots), then execution through the normal executor call path so
 * statistics, keyspace events, WATCH and observers see it. Runs on the command thread.
 */
final class ScriptCommandCall {
    private final Server server;

    ScriptCommandCall(Server server) {
        this.server = server;
    }

    /** The command's raw reply, or a String with the check that refused it ("-CODE msg" or "msg"). */
    Object execute(ScriptRun run, byte[][] argv) {
        CommandSpec spec = lookup(argv);
        String refusal = check(run, spec, argv);
        if (refusal != null) {
            if (spec != null) {
                spec.rejectedCalls++;
            }
            server.stats().countError(refusal.startsWith("-") ? refusal.substring(1) : "ERR " + refusal);
            server.executor().errorRepliesAccounted();
            return refusal;
        }
        var scriptClient = run.scriptClient;
        if (run.debug != null && run.debug.rollback != null && spec.has(CommandFlag.WRITE)) {
            run.debug.rollback.beforeWrite(scriptClient.db(), spec, argv);
        }
        scriptClient.reply().setProtocol(run.resp);
        server.propagator().limitNextCommand(run.replicationTargets);
        try {
            server.executor().callForScript(run.caller, run.commandArgv, scriptClient, spec, argv);
        } finally {
            server.propagator().limitNextCommand(Propagator.TO_ALL);
        }
        ByteBuf out = scriptClient.reply().take();
        if (out == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** redis.acl_check_cmd: whether the script's caller may run argv; null when argv names no command. */
    Boolean permitted(ScriptRun run, byte[][] argv) {
        CommandSpec spec = lookup(argv);
        return spec == null ? null : server.acl().check(run.caller, spec, argv) == PermissionCheck.OK;
    }

    private CommandSpec lookup(byte[][] argv) {
        CommandSpec spec = server.commands().lookup(argv[0]);
        if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
            spec = spec.subcommand(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
        return spec;
    }

    private String check(ScriptRun run, CommandSpec spec, byte[][] argv) {
        if (spec == null) {
            return "Unknown Redis command called from script";
        }
        if (!spec.arityMatches(argv.length)) {
            return "Wrong number of args calling Redis command from script";
        }
        if (spec.has(CommandFlag.NOSCRIPT) && !server.scriptsMayCallAnyCommand()) {
            return "This Redis command is not allowed from script";
        }
        if (!spec.has(CommandFlag.STALE) && server.replication().stale()) {
            return "Can not execute the command on a stale replica";
        }
        String denied = server.acl().checkScriptCall(run.caller,
                server.executor().commandOf(run.commandArgv).fullName(), spec, argv);
        if (denied != null) {
            return denied;
        }
        boolean write = spec.has(CommandFlag.WRITE);
        if (run.readOnly && (write || spec.has(CommandFlag.MAY_REPLICATE))) {
            return "Write commands are not allowed from read-only scripts.";
        }
        // Until the script has written, a write may still be refused for the server's state, as Redis's
        // scriptVerifyWriteCommandAllow does; after one it must go on, or the script would be half applied.
        if (write && !run.writeDirty) {
            String refusal = writeRefusal(run);
            if (refusal != null) {
                return refusal;
            }
        }
        if (!run.allowOom && server.memory().maxmemory() > 0 && !run.writeDirty && run.startedOom
                && spec.has(CommandFlag.DENYOOM)) {
            return "-OOM command not allowed when used memory > 'maxmemory'.";
        }
        if (write) {
            run.writeDirty = true;
        }
        Cluster cluster = server.cluster();
        return cluster == null ? null : checkSlots(run, cluster, spec, argv, write);
    }

    private String writeRefusal(ScriptRun run) {
        if (server.replication().readOnlyReplica() && !run.caller.mustObey()) {
            return "-" + Replication.READONLY;
        }
        String diskError = DiskErrorFilter.diskError(server.persistence(), server.aof());
        if (diskError != null) {
            return "-" + diskError;
        }
        return server.replication().tooFewReplicasToWrite() ? "-" + Replication.NOREPLICAS : null;
    }

    private static String checkSlots(ScriptRun run, Cluster cluster, CommandSpec spec, byte[][] argv, boolean write) {
        ClusterState state = cluster.state();
        int slot = -1;
        for (int pos : spec.keyPositions(argv)) {
            int keySlot = KeySlot.of(argv[pos]);
            if (slot != -1 && keySlot != slot || state.slotOwner(keySlot) != state.myself()) {
                return "Script attempted to access a non local key in a cluster node";
            }
            slot = keySlot;
        }
        if (slot == -1) {
            return null;
        }
        if (state.state != ClusterState.OK) {
            return write ? "Script attempted to execute a write command while the cluster is down and readonly"
                    : "Script attempted to execute a command while the cluster is down";
        }
        if (!run.allowCrossSlot) {
            if (run.slot == -1) {
                run.slot = run.declaredKeysSlot();
            }
            if (run.slot == -1) {
                run.slot = slot;
            } else if (run.slot != slot) {
                return "Script attempted to access keys that do not hash to the same slot";
            }
        }
        return null;
    }
}
