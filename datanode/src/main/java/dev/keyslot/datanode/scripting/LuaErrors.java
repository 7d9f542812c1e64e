package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lua error values the way Redis shapes them. luaj prefixes runtime errors with "@chunk:line " where C
 * Lua writes "chunk:line: "; messages are rewritten to Lua's form so users see Redis's texts.
 */
final class LuaErrors {
    private static final Pattern POSITION = Pattern.compile("^@([^:\\s]+):(\\d+) ");
    private static final Pattern TRACEBACK_FRAME = Pattern.compile("\\n\\t([^:\\s\\[]+):(\\d+):");

    private LuaErrors() {
    }

    static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    /** The error value a script sees, string positions rewritten to C Lua's form; error() and error(nil) raise nil. */
    static LuaValue value(LuaError e) {
        LuaValue v = e.getMessageObject();
        if (v == null || v.type() == LuaValue.TSTRING && message(e).equals("null")) {
            // error() or error(nil): luaj keeps no value, and its traceback text starts with Java's "null".
            return LuaValue.NIL;
        }
        if (v.type() == LuaValue.TSTRING && !(e instanceof Lua51Error)) {
            return LuaValue.valueOf(normalize(v.tojstring()));
        }
        return v;
    }

    /** The error text without the stack traceback luaj appends when a debug library is installed. */
    static String message(LuaError e) {
        return withoutTraceback(e.getMessage());
    }

    private static String withoutTraceback(String m) {
        if (m == null) {
            return "";
        }
        int traceback = m.indexOf("\nstack traceback:");
        return traceback < 0 ? m : m.substring(0, traceback);
    }

    static String normalize(String text) {
        String message = withoutTraceback(text);
        Matcher m = POSITION.matcher(message);
        return m.find() ? m.group(1) + ":" + m.group(2) + ": " + LuaMessages.asLua51(message.substring(m.end()))
                : LuaMessages.asLua51(message);
    }

    /** "@user_script" and the line where the error was raised, or null when luaj recorded none. */
    static String[] position(LuaError e) {
        Matcher m = POSITION.matcher(message(e));
        if (m.find()) {
            return new String[] {"@" + m.group(1), m.group(2)};
        }
        // A value without a position (error(nil), error(msg, 0)): the innermost script frame of luaj's traceback.
        String full = e.getMessage();
        Matcher frame = full == null ? null : TRACEBACK_FRAME.matcher(full);
        return frame != null && frame.find() ? new String[] {"@" + frame.group(1), frame.group(2)} : null;
    }

    /**
     * Redis's luaPushErrorBuff: "-CODE message" keeps its code, a bare message gets "ERR"; the result is the
     * table {err = "CODE message"}.
     */
    static LuaTable errorTable(String error) {
        LuaDebugSession debug = LuaDebugSession.ON_THREAD.get();
        if (debug != null && debug.stepping()) {
            debug.logError(error);
        }
        String text;
        if (error.startsWith("-")) {
            int space = error.indexOf(' ');
            text = space < 0 ? "ERR " + error.substring(1) : error.substring(1, space) + " " + error.substring(space + 1);
        } else {
            text = "ERR " + error;
        }
        text = stripLineEnds(text);
        LuaTable t = new LuaTable();
        t.rawset("err", LuaValue.valueOf(text));
        return t;
    }

    private static String stripLineEnds(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Raises an error table built from error (see {@link #errorTable}). */
    static LuaError raise(String error) {
        return new LuaError(errorTable(error));
    }
}
