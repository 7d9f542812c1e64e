package dev.keyslot.datanode.scripting;

import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * luaj calls onInstruction before every Lua instruction once a debug library is installed: this is how
 * a running script notices SCRIPT KILL / FUNCTION KILL and FUNCTION LOAD notices its time limit (Redis
 * uses a count hook the same way). The debug library itself is not exposed to scripts.
 */
final class ScriptHook extends DebugLib {
    /** Decides whether the script must stop: returns the error to raise, or null to go on. */
    @FunctionalInterface
    interface Interrupt {
        RuntimeException check();
    }

    private static final int CHECK_EVERY = 1024;

    private volatile Interrupt interrupt;
    private int countdown = CHECK_EVERY;

    void setInterrupt(Interrupt interrupt) {
        this.interrupt = interrupt;
        countdown = CHECK_EVERY;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (--countdown > 0) {
            return;
        }
        Interrupt current = interrupt;
        if (current == null) {
            countdown = CHECK_EVERY;
            return;
        }
        RuntimeException stop = current.check();
        if (stop != null) {
            // Checked on every instruction from now on, so a pcall cannot swallow the stop for long.
            countdown = 1;
            throw stop;
        }
        countdown = CHECK_EVERY;
    }
}
