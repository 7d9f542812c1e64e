package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.ServerStats;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Writes what a finished script produced to its caller: the converted return value, or the error in
 * Redis's form "CODE message script: name, on @user_script:line.". An error reply, also one nested in the
 * returned value, fails the script's command, also when the error is not counted again because the command
 * the script called counted it (redis.pcall's, redis.call's), and when the script ran detached past its
 * command's end.
 */
final class ScriptOutcome {
    private ScriptOutcome() {
    }

    static void reply(ScriptRun run, Object outcome, ServerStats stats, CommandExecutor executor) {
        Reply r = run.caller.reply();
        if (run.caller.channel() != null && !run.caller.channel().isActive()) {
            return;
        }
        if (outcome instanceof LuaValue value) {
            boolean[] failed = {false};
            LuaToResp.write(r, value, run.resp, (message, counted) -> {
                if (counted) {
                    stats.countError(message);
                }
                failed[0] = true;
            });
            if (failed[0]) {
                executor.commandFailed(run.caller);
            }
            return;
        }
        if (outcome instanceof LuaError e) {
            LuaValue v = LuaErrors.value(e);
            String message;
            boolean countable = true;
            if (v.istable() && v.get("err").isstring()) {
                message = v.get("err").tojstring();
                countable = !v.get("ignore_error_stats_update").toboolean();
            } else {
                message = "ERR " + v.tojstring();
            }
            String[] position = LuaErrors.position(e);
            if (position != null) {
                message += " script: " + run.name + ", on " + position[0] + ":" + position[1] + ".";
            }
            message = message.replace('\r', ' ').replace('\n', ' ');
            r.error(message);
            if (countable) {
                stats.countError(message);
            }
            executor.commandFailed(run.caller);
            return;
        }
        String message = "ERR Error running script " + run.name + ": " + ((Throwable) outcome).getClass().getSimpleName();
        r.error(message);
        stats.countError(message);
        executor.commandFailed(run.caller);
    }
}
