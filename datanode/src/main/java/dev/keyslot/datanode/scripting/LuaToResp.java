package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.protocol.Reply;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static dev.keyslot.datanode.scripting.ReplyTableFields.BIG_NUMBER;
import static dev.keyslot.datanode.scripting.ReplyTableFields.DOUBLE;
import static dev.keyslot.datanode.scripting.ReplyTableFields.ERR;
import static dev.keyslot.datanode.scripting.ReplyTableFields.MAP;
import static dev.keyslot.datanode.scripting.ReplyTableFields.OK;
import static dev.keyslot.datanode.scripting.ReplyTableFields.SET;
import static dev.keyslot.datanode.scripting.ReplyTableFields.VERBATIM_STRING;

/**
 * Writes a script's return value as the caller's reply, following Redis's rules: strings are bulk
 * strings, numbers integers (truncated), true is 1, false is null (or a boolean after redis.setresp(3)),
 * tables with err/ok/double/big_number/verbatim_string/map/set fields their RESP3 types, any other table
 * an array cut at the first nil. Redis converts nested tables on the Lua stack and answers
 * "reached lua stack limit" in place of a value nested too deep for it (a table that contains itself):
 * the depth is counted in the stack slots Redis's conversion would hold, and the values are walked
 * with a work list rather than recursion, so no nesting overflows the thread's stack.
 */
final class LuaToResp {
    /** Stack slots a C function may use in Lua 5.1 (LUAI_MAXCSTACK). */
    private static final int LUA_STACK_SLOTS = 8000;
    /** Slots in use when Redis converts a script's return value: the error handler and the value. */
    private static final int SLOTS_OF_RETURN_VALUE = 2;
    /** Slots Redis makes sure of before converting each value (a verbatim reply pushes up to four). */
    private static final int SLOTS_PER_VALUE = 4;
    /** Slots a nested value adds as Redis's conversion holds them: array element, map key and value, set member. */
    private static final int ARRAY_ELEMENT_SLOTS = 1;
    private static final int MAP_KEY_SLOTS = 4;
    private static final int MAP_VALUE_SLOTS = 3;
    private static final int SET_MEMBER_SLOTS = 3;
    private static final String STACK_LIMIT = "ERR reached lua stack limit";

    /** Told of every error reply written, at any depth: Redis counts each one and fails the script's command. */
    interface ErrorReplies {
        void written(String message, boolean counted);
    }

    private record Pending(LuaValue value, int slots) {
    }

    private LuaToResp() {
    }

    static void write(Reply r, LuaValue v, int scriptResp, ErrorReplies errors) {
        ArrayDeque<Pending> work = new ArrayDeque<>();
        work.push(new Pending(v, SLOTS_OF_RETURN_VALUE));
        while (!work.isEmpty()) {
            Pending next = work.pop();
            if (next.slots + SLOTS_PER_VALUE > LUA_STACK_SLOTS) {
                r.error(STACK_LIMIT);
                errors.written(STACK_LIMIT, true);
            } else {
                writeOne(r, next.value, next.slots, scriptResp, errors, work);
            }
        }
    }

    /** Writes one value, or the header of a nested one with its elements pushed onto work in reply order. */
    private static void writeOne(Reply r, LuaValue v, int slots, int scriptResp, ErrorReplies errors,
                                 ArrayDeque<Pending> work) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = v.checkstring();
                r.bulk(s.m_bytes, s.m_offset, s.m_length);
            }
            case LuaValue.TBOOLEAN -> {
                if (scriptResp == 2) {
                    if (v.toboolean()) {
                        r.integer(1);
                    } else {
                        r.nullBulk();
                    }
                } else {
                    r.bool(v.toboolean());
                }
            }
            case LuaValue.TNUMBER -> r.integer(X86Numbers.toLong(v.todouble()));
            case LuaValue.TTABLE -> table(r, (LuaTable) v, slots, errors, work);
            default -> r.nullBulk();
        }
    }

    private static void table(Reply r, LuaTable t, int slots, ErrorReplies errors, ArrayDeque<Pending> work) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            String message = oneLine(latin1(err.checkstring()));
            r.error(message);
            errors.written(message, !t.get("ignore_error_stats_update").toboolean());
            return;
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            r.simple(oneLine(latin1(ok.checkstring())));
            return;
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            r.doubleValue(dbl.todouble());
            return;
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            String digits = oneLine(latin1(big.checkstring()));
            if (r.resp3()) {
                r.raw(("(" + digits + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            } else {
                r.bulk(digits.getBytes(StandardCharsets.ISO_8859_1));
            }
            return;
        }
        LuaValue verbatim = t.rawget(VERBATIM_STRING);
        if (verbatim.istable()) {
            LuaValue format = verbatim.rawget("format");
            LuaValue text = verbatim.rawget("string");
            if (format.type() == LuaValue.TSTRING && text.type() == LuaValue.TSTRING) {
                verbatim(r, LuaErrors.bytes(format.checkstring()), LuaErrors.bytes(text.checkstring()));
                return;
            }
        }
        List<Pending> elements = new ArrayList<>();
        LuaValue map = t.rawget(MAP);
        LuaValue set = t.rawget(SET);
        if (map.istable()) {
            List<LuaValue> entries = entries((LuaTable) map);
            r.mapHeader(entries.size() / 2);
            for (int i = 0; i < entries.size(); i += 2) {
                elements.add(new Pending(entries.get(i), slots + MAP_KEY_SLOTS));
                elements.add(new Pending(entries.get(i + 1), slots + MAP_VALUE_SLOTS));
            }
        } else if (set.istable()) {
            List<LuaValue> entries = entries((LuaTable) set);
            r.setHeader(entries.size() / 2);
            for (int i = 0; i < entries.size(); i += 2) {
                elements.add(new Pending(entries.get(i), slots + SET_MEMBER_SLOTS));
            }
        } else {
            for (int i = 1; !t.rawget(i).isnil(); i++) {
                elements.add(new Pending(t.rawget(i), slots + ARRAY_ELEMENT_SLOTS));
            }
            r.arrayHeader(elements.size());
        }
        for (int i = elements.size() - 1; i >= 0; i--) {
            work.push(elements.get(i));
        }
    }

    private static void verbatim(Reply r, byte[] format, byte[] text) {
        if (!r.resp3()) {
            r.bulk(text);
            return;
        }
        byte[] header = ("=" + (text.length + 4) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[header.length + 4 + text.length + 2];
        System.arraycopy(header, 0, body, 0, header.length);
        System.arraycopy(format, 0, body, header.length, Math.min(3, format.length));
        body[header.length + 3] = ':';
        System.arraycopy(text, 0, body, header.length + 4, text.length);
        body[body.length - 2] = '\r';
        body[body.length - 1] = '\n';
        r.raw(body);
    }

    private static List<LuaValue> entries(LuaTable t) {
        List<LuaValue> out = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                return out;
            }
            out.add(k);
            out.add(next.arg(2));
        }
    }

    private static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
