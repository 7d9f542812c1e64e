package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

import static dev.keyslot.datanode.scripting.ReplyTableFields.BIG_NUMBER;
import static dev.keyslot.datanode.scripting.ReplyTableFields.DOUBLE;
import static dev.keyslot.datanode.scripting.ReplyTableFields.MAP;
import static dev.keyslot.datanode.scripting.ReplyTableFields.OK;
import static dev.keyslot.datanode.scripting.ReplyTableFields.SET;
import static dev.keyslot.datanode.scripting.ReplyTableFields.VERBATIM_STRING;

/**
 * Converts a command's reply, as the script's client received it (RESP2 or RESP3 after redis.setresp),
 * into the Lua value redis.call returns: integers become numbers, nulls false (RESP2) or nil (RESP3),
 * status replies {ok=...}, errors {err=...}, and RESP3 types the tables Redis documents.
 */
final class RespToLua {
    private final byte[] in;
    private int pos;

    private RespToLua(byte[] in) {
        this.in = in;
    }

    static LuaValue convert(byte[] reply) {
        return new RespToLua(reply).value();
    }

    /** True when the reply is an error (redis.call raises it). */
    static boolean isError(byte[] reply) {
        return reply.length > 0 && reply[0] == '-';
    }

    private LuaValue value() {
        byte type = in[pos++];
        switch (type) {
            case ':':
                return LuaValue.valueOf((double) Long.parseLong(line()));
            case '$': {
                int len = Integer.parseInt(line());
                if (len < 0) {
                    return LuaValue.FALSE;
                }
                LuaString s = LuaString.valueOf(in, pos, len);
                pos += len + 2;
                return s;
            }
            case '+':
                return single(OK, LuaValue.valueOf(lineBytes()));
            case '-': {
                LuaTable t = LuaErrors.errorTable("-" + line());
                t.rawset("ignore_error_stats_update", LuaValue.TRUE);
                return t;
            }
            case '*': {
                int n = Integer.parseInt(line());
                if (n < 0) {
                    return LuaValue.FALSE;
                }
                LuaTable t = new LuaTable();
                for (int i = 1; i <= n; i++) {
                    t.rawset(i, value());
                }
                return t;
            }
            case '%': {
                int n = Integer.parseInt(line());
                LuaTable map = new LuaTable();
                for (int i = 0; i < n; i++) {
                    LuaValue k = value();
                    map.rawset(k, value());
                }
                return single(MAP, map);
            }
            case '~': {
                int n = Integer.parseInt(line());
                LuaTable set = new LuaTable();
                for (int i = 0; i < n; i++) {
                    set.rawset(value(), LuaValue.TRUE);
                }
                return single(SET, set);
            }
            case '_':
                line();
                return LuaValue.NIL;
            case '#':
                return LuaValue.valueOf(line().equals("t"));
            case ',':
                return single(DOUBLE, LuaValue.valueOf(parseDouble(line())));
            case '(':
                return single(BIG_NUMBER, LuaValue.valueOf(lineBytes()));
            case '=': {
                int len = Integer.parseInt(line());
                LuaTable verbatim = new LuaTable();
                verbatim.rawset("string", LuaString.valueOf(in, pos + 4, len - 4));
                verbatim.rawset("format", LuaString.valueOf(in, pos, 3));
                pos += len + 2;
                return single(VERBATIM_STRING, verbatim);
            }
            case '|': {
                int n = Integer.parseInt(line());
                for (int i = 0; i < 2 * n; i++) {
                    value();
                }
                return value();
            }
            default:
                throw new IllegalStateException("unexpected reply type " + (char) type);
        }
    }

    private static double parseDouble(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static LuaTable single(LuaString field, LuaValue value) {
        LuaTable t = new LuaTable();
        t.rawset(field, value);
        return t;
    }

    private int lineEnd() {
        int end = pos;
        while (in[end] != '\r') {
            end++;
        }
        return end;
    }

    private String line() {
        int end = lineEnd();
        String s = new String(in, pos, end - pos, StandardCharsets.ISO_8859_1);
        pos = end + 2;
        return s;
    }

    private byte[] lineBytes() {
        int end = lineEnd();
        byte[] b = java.util.Arrays.copyOfRange(in, pos, end);
        pos = end + 2;
        return b;
    }
}
