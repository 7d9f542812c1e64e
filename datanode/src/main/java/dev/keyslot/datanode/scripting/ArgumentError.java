package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;

/**
 * A library function's argument error, "bad argument #2 to 'rep' (number expected, got no value)", kept with its
 * parts: C Lua names the function and counts the arguments as the calling code wrote the call (a method call
 * does not count self), which is only known once the error reaches the calling Lua function
 * ({@link LuaVariableNames}).
 */
final class ArgumentError extends LuaError {
    final int argument;
    final String detail;

    ArgumentError(int argument, String function, String detail) {
        super(text(argument, function, detail));
        this.argument = argument;
        this.detail = detail;
    }

    static String text(int argument, String function, String detail) {
        return "bad argument #" + argument + " to '" + function + "' (" + detail + ")";
    }
}
