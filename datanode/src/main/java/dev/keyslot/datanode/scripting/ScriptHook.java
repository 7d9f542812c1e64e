package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

import java.util.Arrays;

/**
 * luaj calls onInstruction before every Lua instruction once a debug library is installed: this is how
 * a running script notices SCRIPT KILL / FUNCTION KILL and FUNCTION LOAD notices its time limit (Redis
 * uses a count hook the same way). The debug library itself is not exposed to scripts.
 *
 * <p>During a Lua debugger session it also keeps the call frames (function, registers, current instruction)
 * and reports line and count events as C Lua 5.1's hooks would, to a {@link LineListener}.
 */
final class ScriptHook extends DebugLib {
    /** Decides whether the script must stop: returns the error to raise, or null to go on. */
    @FunctionalInterface
    interface Interrupt {
        RuntimeException check();
    }

    /** Told when the script reaches a new line (Lua's line hook) or every COUNT_EVERY instructions. */
    interface LineListener {
        void onLine(int line, boolean countEvent);
    }

    /** One call frame: a Lua function with its registers and current instruction, or a Java function. */
    static final class Frame {
        LuaClosure closure;
        LuaValue[] stack;
        int pc;

        int line() {
            int[] lines = closure.p.lineinfo;
            return lines != null && pc >= 0 && pc < lines.length ? lines[pc] : -1;
        }

        boolean inUserScript() {
            return closure != null && closure.p.source != null && closure.p.source.tojstring().contains("user_script");
        }
    }

    private static final int CHECK_EVERY = 1024;
    /** Redis's debugger hook also runs on a count of 100000 instructions, to notice endless loops. */
    private static final int COUNT_EVERY = 100_000;

    private volatile Interrupt interrupt;
    private int countdown = CHECK_EVERY;

    private LineListener lines;
    /** Lua hooks do not fire while a hook runs: the debugger's own evaluations are not stepped. */
    private boolean inHook;
    private int lineCountdown;
    private Frame[] frames = new Frame[16];
    private int depth;

    void setInterrupt(Interrupt interrupt) {
        this.interrupt = interrupt;
        countdown = CHECK_EVERY;
    }

    /** Starts (listener not null) or ends tracking frames and lines; called outside any Lua code. */
    void setLineListener(LineListener listener) {
        lines = listener;
        depth = 0;
        lineCountdown = COUNT_EVERY;
        inHook = false;
    }

    /** The frames from the innermost (level 0) outwards. */
    int frameCount() {
        return depth;
    }

    Frame frame(int level) {
        return frames[depth - 1 - level];
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        super.onCall(c, varargs, stack);
        if (lines != null) {
            Frame f = push();
            f.closure = c;
            f.stack = stack;
            f.pc = -1;
        }
    }

    @Override
    public void onCall(LuaFunction f) {
        super.onCall(f);
        if (lines != null) {
            Frame frame = push();
            frame.closure = null;
            frame.stack = null;
            frame.pc = -1;
        }
    }

    @Override
    public void onReturn() {
        super.onReturn();
        if (lines != null && depth > 0) {
            Frame f = frames[--depth];
            f.closure = null;
            f.stack = null;
        }
    }

    private Frame push() {
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        Frame f = frames[depth];
        if (f == null) {
            f = new Frame();
            frames[depth] = f;
        }
        depth++;
        return f;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (lines != null && depth > 0) {
            traceLine(pc);
        }
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

    /** As Lua 5.1's traceexec: a count event, then a line event on entry, a new line or a jump backwards. */
    private void traceLine(int pc) {
        Frame f = frames[depth - 1];
        int previous = f.pc;
        f.pc = pc;
        if (inHook || f.closure == null) {
            return;
        }
        if (--lineCountdown == 0) {
            lineCountdown = COUNT_EVERY;
            fire(f.line(), true);
        }
        int[] lineinfo = f.closure.p.lineinfo;
        if (pc == 0 || pc <= previous || lineinfo == null || previous < 0 || lineinfo[pc] != lineinfo[previous]) {
            fire(f.line(), false);
        }
    }

    private void fire(int line, boolean countEvent) {
        inHook = true;
        try {
            lines.onLine(line, countEvent);
        } finally {
            inHook = false;
        }
    }
}
