package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;

/**
 * table.insert, table.remove and table.concat as Lua 5.1's table library has them: positions from # (the table's
 * border, see org.luaj.vm2.LuaTable), elements moved with raw reads and writes, insert's and remove's handling of
 * positions outside the list (remove returns nothing at all), concat's check of the separator before the table, and
 * Redis's wording of concat's "invalid value (nil) at index 2 in table for 'concat'". luaj's versions are Lua 5.2's.
 * Also the base library's rawset, whose nil or NaN key is Lua's "table index is nil" raised from C (no position).
 */
final class TableFunctions {
    private TableFunctions() {
    }

    static VarArgFunction insert() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = checkTable(args, "insert");
                int end = t.length() + 1;
                int pos;
                switch (args.narg()) {
                    case 2 -> pos = end;
                    case 3 -> {
                        pos = LuaArgs.checkInt(args, 2, "insert");
                        if (pos > end) {
                            end = pos;
                        }
                        for (int i = end; i > pos; i--) {
                            t.rawset(i, t.rawget(i - 1));
                        }
                    }
                    default -> throw new LuaError("wrong number of arguments to 'insert'");
                }
                t.rawset(pos, args.arg(args.narg()));
                return NONE;
            }
        };
    }

    static VarArgFunction remove() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = checkTable(args, "remove");
                int end = t.length();
                int pos = (int) LuaArgs.optInteger(args, 2, end, "remove");
                if (pos < 1 || pos > end) {
                    return NONE;
                }
                LuaValue removed = t.rawget(pos);
                for (; pos < end; pos++) {
                    t.rawset(pos, t.rawget(pos + 1));
                }
                t.rawset(end, NIL);
                return removed;
            }
        };
    }

    static VarArgFunction concat() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString separator = args.arg(2).isnil() ? EMPTYSTRING : LuaArgs.checkString(args, 2, "concat");
                LuaTable t = checkTable(args, "concat");
                int i = (int) LuaArgs.optInteger(args, 3, 1, "concat");
                int last = args.arg(4).isnil() ? t.length() : LuaArgs.checkInt(args, 4, "concat");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (; i < last; i++) {
                    append(out, t, i);
                    out.write(separator.m_bytes, separator.m_offset, separator.m_length);
                }
                if (i == last) {
                    append(out, t, i);
                }
                return LuaString.valueOf(out.toByteArray());
            }
        };
    }

    static ThreeArgFunction rawset() {
        return new ThreeArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue key, LuaValue value) {
                if (key.isnil()) {
                    throw new Lua51Error("table index is nil");
                }
                if (key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble())) {
                    throw new Lua51Error("table index is NaN");
                }
                t.rawset(key, value);
                return t;
            }
        };
    }

    private static void append(ByteArrayOutputStream out, LuaTable t, int i) {
        LuaValue v = t.rawget(i);
        if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
            throw new LuaError("invalid value (" + v.typename() + ") at index " + i + " in table for 'concat'");
        }
        LuaString s = v.checkstring();
        out.write(s.m_bytes, s.m_offset, s.m_length);
    }

    private static LuaTable checkTable(Varargs args, String function) {
        if (args.arg(1).type() != LuaValue.TTABLE) {
            throw LuaArgs.typeError(args, 1, function, "table");
        }
        return args.arg(1).checktable();
    }
}
