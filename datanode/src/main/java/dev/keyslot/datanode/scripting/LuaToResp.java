package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.protocol.Reply;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
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
 * an array cut at the first nil.
 */
final class LuaToResp {

    private LuaToResp() {
    }

    /** Writes v; returns the error text written when v is an error reply, else null. */
    static String write(Reply r, LuaValue v, int scriptResp) {
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
            case LuaValue.TTABLE -> {
                return table(r, (LuaTable) v, scriptResp);
            }
            default -> r.nullBulk();
        }
        return null;
    }

    private static String table(Reply r, LuaTable t, int scriptResp) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            String message = oneLine(latin1(err.checkstring()));
            r.error(message);
            return message;
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            r.simple(oneLine(latin1(ok.checkstring())));
            return null;
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            r.doubleValue(dbl.todouble());
            return null;
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            String digits = oneLine(latin1(big.checkstring()));
            if (r.resp3()) {
                r.raw(("(" + digits + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            } else {
                r.bulk(digits.getBytes(StandardCharsets.ISO_8859_1));
            }
            return null;
        }
        LuaValue verbatim = t.rawget(VERBATIM_STRING);
        if (verbatim.istable()) {
            LuaValue format = verbatim.rawget("format");
            LuaValue text = verbatim.rawget("string");
            if (format.type() == LuaValue.TSTRING && text.type() == LuaValue.TSTRING) {
                verbatim(r, LuaErrors.bytes(format.checkstring()), LuaErrors.bytes(text.checkstring()));
                return null;
            }
        }
        LuaValue map = t.rawget(MAP);
        if (map.istable()) {
            List<LuaValue> entries = entries((LuaTable) map);
            r.mapHeader(entries.size() / 2);
            for (LuaValue e : entries) {
                write(r, e, scriptResp);
            }
            return null;
        }
        LuaValue set = t.rawget(SET);
        if (set.istable()) {
            List<LuaValue> entries = entries((LuaTable) set);
            r.setHeader(entries.size() / 2);
            for (int i = 0; i < entries.size(); i += 2) {
                write(r, entries.get(i), scriptResp);
            }
            return null;
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) {
            n++;
        }
        r.arrayHeader(n);
        for (int i = 1; i <= n; i++) {
            write(r, t.rawget(i), scriptResp);
        }
        return null;
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
