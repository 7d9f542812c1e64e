package dev.keyslot.datanode.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that can be locked, as Redis 7.0.15's patched Lua locks the globals and the library tables
 * so scripts cannot change the environment other scripts see. Every write path of LuaTable funnels
 * through the overridden methods.
 */
class ReadOnlyTable extends LuaTable {
    static final String MODIFY_ERROR = "Attempt to modify a readonly table";

    private boolean locked;

    ReadOnlyTable() {
    }

    /** A table presized as lua_createtable(L, narray, nhash) sizes one. */
    ReadOnlyTable(int narray, int nhash) {
        super(narray, nhash);
    }

    void lock(boolean locked) {
        this.locked = locked;
    }

    boolean locked() {
        return locked;
    }

    /**
     * A library function (rawset, setmetatable, table.insert, ...) changing a locked table: Redis's Lua raises
     * this from C, where no script position is known, so the message has none.
     */
    private void check() {
        if (locked) {
            throw new LuaError(LuaValue.valueOf(MODIFY_ERROR));
        }
    }

    /** An assignment in script code: Redis's Lua raises it from the VM, prefixed with the script line. */
    private void checkAssignment() {
        if (locked) {
            throw new LuaError(MODIFY_ERROR);
        }
    }

    @Override
    protected void assign(LuaValue key, LuaValue value, int depth) {
        checkAssignment();
        super.assign(key, value, depth);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        check();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        check();
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        check();
        return super.setmetatable(metatable);
    }

    /** A locked copy of source; nested tables are copied (and locked) too, as Redis protects recursively. */
    static ReadOnlyTable lockedCopyOf(LuaTable source) {
        ReadOnlyTable copy = new ReadOnlyTable();
        copyInto(source, copy);
        copy.lock(true);
        return copy;
    }

    private static void copyInto(LuaTable source, LuaTable target) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            var next = source.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue v = next.arg(2);
            if (v instanceof LuaTable t && !(v instanceof ReadOnlyTable)) {
                v = lockedCopyOf(t);
            }
            target.rawset(k, v);
        }
    }
}
