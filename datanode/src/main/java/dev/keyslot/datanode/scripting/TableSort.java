package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.Arrays;

/**
 * Lua 5.1's table.sort: the same quicksort (median of three, pivot moved next to the end, the smaller part sorted
 * first), comparing and moving the same elements in the same order. Sorting is not stable, so elements the order
 * function finds equal end where Redis puts them only with the same algorithm; luaj's own sort orders them differently.
 * Elements are read and written with rawget/rawset at each step, as Lua does; an order function that is not one is
 * caught as Lua catches it ("invalid order function for sorting").
 */
final class TableSort extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
        LuaTable t = args.checktable(1);
        LuaValue order = args.arg(2);
        new Run(t, order.isnil() ? null : order).sort(1, t.length());
        return NONE;
    }

    private static final class Run {
        private final LuaTable t;
        private final LuaValue order;

        Run(LuaTable t, LuaValue order) {
            this.t = t;
            this.order = order;
        }

        private boolean less(LuaValue a, LuaValue b) {
            return order != null ? order.call(a, b).toboolean() : lessThan(a, b);
        }

        private void swap(int i, int j) {
            LuaValue a = t.rawget(i);
            t.rawset(i, t.rawget(j));
            t.rawset(j, a);
        }

        void sort(int l, int u) {
            while (l < u) {
                if (less(t.rawget(u), t.rawget(l))) {
                    swap(l, u);
                }
                if (u - l == 1) {
                    break;
                }
                int i = (l + u) / 2;
                if (less(t.rawget(i), t.rawget(l))) {
                    swap(i, l);
                } else if (less(t.rawget(u), t.rawget(i))) {
                    swap(i, u);
                }
                if (u - l == 2) {
                    break;
                }
                LuaValue pivot = t.rawget(i);
                swap(i, u - 1);
                // a[l] <= pivot == a[u-1] <= a[u]: partition a[l+1..u-2]
                i = l;
                int j = u - 1;
                while (true) {
                    while (less(t.rawget(++i), pivot)) {
                        if (i > u) {
                            throw new LuaError("invalid order function for sorting");
                        }
                    }
                    while (less(pivot, t.rawget(--j))) {
                        if (j < l) {
                            throw new LuaError("invalid order function for sorting");
                        }
                    }
                    if (j < i) {
                        break;
                    }
                    swap(i, j);
                }
                swap(u - 1, i);
                // Recurse into the smaller part, loop on the larger one.
                if (i - l < u - i) {
                    sort(l, i - 1);
                    l = i + 1;
                } else {
                    sort(i + 1, u);
                    u = i - 1;
                }
            }
        }
    }

    /** Lua's "<" without an order function: numbers, strings byte by byte, else the __lt metamethod. */
    private static boolean lessThan(LuaValue a, LuaValue b) {
        int ta = a.type();
        int tb = b.type();
        if (ta == LuaValue.TNUMBER && tb == LuaValue.TNUMBER) {
            return a.todouble() < b.todouble();
        }
        if (ta == LuaValue.TSTRING && tb == LuaValue.TSTRING) {
            return compareBytes(a.checkstring(), b.checkstring()) < 0;
        }
        LuaValue lt = ta == tb && (ta == LuaValue.TTABLE || ta == LuaValue.TUSERDATA) ? a.metatag(LuaValue.LT) : LuaValue.NIL;
        if (!lt.isnil() && lt.raweq(b.metatag(LuaValue.LT))) {
            return lt.call(a, b).toboolean();
        }
        // Raised inside sort, a C function in Lua 5.1: the message carries no position.
        throw new Lua51Error(ta == tb ? "attempt to compare two " + a.typename() + " values"
                : "attempt to compare " + a.typename() + " with " + b.typename());
    }

    /** C's strcmp over the whole strings: unsigned bytes (luaj's LuaString.strcmp compares them signed). */
    private static int compareBytes(LuaString a, LuaString b) {
        return Arrays.compareUnsigned(a.m_bytes, a.m_offset, a.m_offset + a.m_length,
                b.m_bytes, b.m_offset, b.m_offset + b.m_length);
    }
}
