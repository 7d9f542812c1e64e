package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.List;

/**
 * Lua 5.1's collectgarbage([opt [, arg]]): its seven options ("invalid option 'x'" for any other), a number for each
 * ("count" one value, kilobytes with the fraction), and setpause/setstepmul answering the previous setting, which
 * lasts until SCRIPT FLUSH as in Redis's interpreter. luaj's version knew three options, answered "count" with two
 * values and ran a full Java collection for "collect": the JVM collects on its own, and a full collection stalls
 * every client for nothing a script can observe, so "collect", "stop" and "restart" only answer 0.
 */
final class CollectGarbage extends VarArgFunction {
    private static final String NAME = "collectgarbage";
    private static final List<String> OPTIONS = List.of("stop", "restart", "collect", "count", "step", "setpause",
            "setstepmul");
    private static final int DEFAULT_PAUSE = 200;
    private static final int DEFAULT_STEP_MULTIPLIER = 200;

    private int pause = DEFAULT_PAUSE;
    private int stepMultiplier = DEFAULT_STEP_MULTIPLIER;

    @Override
    public Varargs invoke(Varargs args) {
        String option = args.arg1().isnil() ? "collect" : LuaArgs.checkString(args, 1, NAME).tojstring();
        if (!OPTIONS.contains(option)) {
            throw LuaArgs.argError(1, NAME, "invalid option '" + option + "'");
        }
        int value = args.arg(2).isnil() ? 0 : LuaArgs.checkInt(args, 2, NAME);
        switch (option) {
            case "count" -> {
                Runtime rt = Runtime.getRuntime();
                return valueOf((rt.totalMemory() - rt.freeMemory()) / 1024.0);
            }
            case "step" -> {
                return TRUE;
            }
            case "setpause" -> {
                int previous = pause;
                pause = value;
                return valueOf(previous);
            }
            case "setstepmul" -> {
                int previous = stepMultiplier;
                stepMultiplier = value;
                return valueOf(previous);
            }
            default -> {
                return ZERO;
            }
        }
    }
}
