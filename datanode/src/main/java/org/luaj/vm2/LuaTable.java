package org.luaj.vm2;

import java.util.Arrays;

/**
 * A Lua table laid out as C Lua 5.1 lays it out (ltable.c of the Lua inside Redis 7.0), in place of luaj's own.
 * Scripts see a table's layout: pairs/next walk the array part and then the hash nodes in storage order, so
 * cjson.encode and cmsgpack.pack write object keys in that order, and # answers the border its search finds first
 * in a table with holes. Redis users depend on both (scripts returning cjson.encode of a table, #t after t[i] = nil),
 * so this class keeps Lua 5.1's rules: an array part sized to the largest power of two more than half full, a hash
 * part of 2^n nodes chained inside one vector, a colliding key moved out of a foreign main position, free nodes
 * taken from the top down, a full rehash when none is left, and main positions from Redis's string hash
 * (LuaString's hash code, made Redis's by the build step) and from the bits of a number.
 *
 * <p>This source is compiled into the data node's classes, ahead of luaj's jar on every classpath; the shaded jar
 * leaves luaj's LuaTable out. Tables, functions and userdata as keys hash by identity, as C Lua hashes addresses, so
 * their order is as arbitrary as in Redis. Weak tables (__mode) hold their entries strongly. A nil value keeps its
 * key's node (as when Lua's collector has not yet run); assigning it again reuses the node.
 */
public class LuaTable extends LuaValue {
    private static final int MAX_BITS = 26;
    private static final int MAX_ARRAY_SIZE = 1 << MAX_BITS;
    private static final int MAX_TAG_LOOP = 100;
    private static final int ABSENT = Integer.MIN_VALUE;
    private static final LuaValue[] NO_VALUES = {};
    /** The one node of every table without a hash part; never written. */
    private static final LuaValue[] DUMMY_NODE = new LuaValue[1];
    private static final int[] DUMMY_NEXT = {-1};

    /** The array part: array[i] holds key i+1; null is nil. */
    private LuaValue[] array = NO_VALUES;
    /** The hash part, one entry per node: its key (null: never used), value (null: nil) and next node in the chain. */
    private LuaValue[] nodeKeys = DUMMY_NODE;
    private LuaValue[] nodeValues = DUMMY_NODE;
    private int[] nodeNext = DUMMY_NEXT;
    /** Nodes at and above this index have been handed out as free positions already. */
    private int lastFree;
    private LuaValue metatable;

    public LuaTable() {
    }

    public LuaTable(int narray, int nhash) {
        array = narray > 0 ? new LuaValue[narray] : NO_VALUES;
        setNodeVector(Math.max(0, nhash));
    }

    public LuaTable(LuaValue[] named, LuaValue[] unnamed, Varargs lastarg) {
        this((unnamed == null ? 0 : unnamed.length) + (lastarg == null ? 0 : lastarg.narg()),
                named == null ? 0 : named.length / 2);
        int n = unnamed == null ? 0 : unnamed.length;
        for (int i = 0; i < n; i++) {
            rawset(i + 1, unnamed[i]);
        }
        if (lastarg != null) {
            for (int i = 1; i <= lastarg.narg(); i++) {
                rawset(n + i, lastarg.arg(i));
            }
        }
        if (named != null) {
            for (int i = 0; i + 1 < named.length; i += 2) {
                if (!named[i + 1].isnil()) {
                    rawset(named[i], named[i + 1]);
                }
            }
        }
    }

    public LuaTable(Varargs varargs) {
        this(varargs, 1);
    }

    public LuaTable(Varargs varargs, int firstarg) {
        this(Math.max(varargs.narg() - firstarg + 1, 0), 0);
        for (int i = firstarg; i <= varargs.narg(); i++) {
            rawset(i - firstarg + 1, varargs.arg(i));
        }
    }

    @Override
    public int type() {
        return TTABLE;
    }

    @Override
    public String typename() {
        return "table";
    }

    @Override
    public boolean istable() {
        return true;
    }

    @Override
    public LuaTable checktable() {
        return this;
    }

    @Override
    public LuaTable opttable(LuaTable defval) {
        return this;
    }

    @Override
    public LuaValue getmetatable() {
        return metatable;
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        this.metatable = metatable == null || metatable.isnil() ? null : metatable;
        return this;
    }

    @Override
    public LuaValue get(int key) {
        LuaValue v = rawget(key);
        return v.isnil() && metatable != null ? gettable(this, LuaInteger.valueOf(key)) : v;
    }

    @Override
    public LuaValue get(LuaValue key) {
        LuaValue v = rawget(key);
        return v.isnil() && metatable != null ? gettable(this, key) : v;
    }

    @Override
    public LuaValue rawget(int key) {
        if (Integer.compareUnsigned(key - 1, array.length) < 0) {
            return orNil(array[key - 1]);
        }
        int node = findNumber(key);
        return node == ABSENT ? NIL : orNil(nodeValues[node]);
    }

    @Override
    public LuaValue rawget(LuaValue key) {
        int slot = find(key);
        return slot == ABSENT ? NIL : orNil(valueAt(slot));
    }

    @Override
    public void set(int key, LuaValue value) {
        assign(LuaInteger.valueOf(key), value, 0);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        assign(key, value, 0);
    }

    /**
     * t[key] = value in script code (Lua 5.1's luaV_settable): the key's node is made before __newindex is looked
     * at, as Lua 5.1 does, so a handled assignment still shapes the table. depth counts the __newindex tables
     * followed so far.
     */
    protected void assign(LuaValue key, LuaValue value, int depth) {
        int slot = slotFor(key);
        LuaValue handler;
        if (metatable == null || valueAt(slot) != null || (handler = metatable.rawget(NEWINDEX)).isnil()) {
            store(slot, value);
        } else if (handler.isfunction()) {
            handler.call(this, key, value);
        } else if (depth + 1 >= MAX_TAG_LOOP) {
            throw new LuaError("loop in settable");
        } else if (handler instanceof LuaTable) {
            ((LuaTable) handler).assign(key, value, depth + 1);
        } else {
            handler.set(key, value);
        }
    }

    @Override
    public void rawset(int key, LuaValue value) {
        store(slotForInteger(key), value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        store(slotFor(key), value);
    }

    /** The array part grows to hold n elements at once, as a table constructor's SETLIST does. */
    @Override
    public void presize(int n) {
        if (n > array.length) {
            resize(n, isDummy() ? 0 : nodeKeys.length);
        }
    }

    @Override
    public Varargs next(LuaValue key) {
        int i = traversalIndex(key);
        for (i++; i < array.length; i++) {
            if (array[i] != null) {
                return varargsOf(LuaInteger.valueOf(i + 1), array[i]);
            }
        }
        for (i -= array.length; i < nodeKeys.length; i++) {
            if (nodeValues[i] != null) {
                return varargsOf(nodeKeys[i], nodeValues[i]);
            }
        }
        return NIL;
    }

    @Override
    public Varargs inext(LuaValue key) {
        int i = key.checkint() + 1;
        LuaValue v = rawget(i);
        return v.isnil() ? NONE : varargsOf(LuaInteger.valueOf(i), v);
    }

    /** Lua 5.1's # on a table: a border (t[n] ~= nil and t[n+1] == nil) found by binary search; no __len. */
    @Override
    public int length() {
        int j = array.length;
        if (j > 0 && array[j - 1] == null) {
            int i = 0;
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (array[m - 1] == null) {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        return isDummy() ? j : unboundSearch(j);
    }

    @Override
    public LuaValue len() {
        return LuaInteger.valueOf(length());
    }

    @Override
    public int rawlen() {
        return length();
    }

    @Override
    public LuaValue eq(LuaValue val) {
        return eq_b(val) ? TRUE : FALSE;
    }

    @Override
    public boolean eq_b(LuaValue val) {
        if (this == val) {
            return true;
        }
        if (metatable == null || !val.istable()) {
            return false;
        }
        LuaValue valmt = val.getmetatable();
        return valmt != null && eqmtcall(this, metatable, val, valmt);
    }

    public Varargs unpack() {
        return unpack(1, length());
    }

    public Varargs unpack(int i) {
        return unpack(i, length());
    }

    public Varargs unpack(int i, int j) {
        if (j < i) {
            return NONE;
        }
        LuaValue[] values = new LuaValue[j - i + 1];
        for (int k = 0; k < values.length; k++) {
            values[k] = rawget(i + k);
        }
        return varargsOf(values);
    }

    private boolean isDummy() {
        return nodeKeys == DUMMY_NODE;
    }

    private static LuaValue orNil(LuaValue v) {
        return v == null ? NIL : v;
    }

    // Slots: a node index (>= 0), or -(i + 1) for array[i].

    private LuaValue valueAt(int slot) {
        return slot >= 0 ? nodeValues[slot] : array[-slot - 1];
    }

    private void store(int slot, LuaValue value) {
        LuaValue v = value == null || value.isnil() ? null : value;
        if (slot >= 0) {
            nodeValues[slot] = v;
        } else {
            array[-slot - 1] = v;
        }
    }

    /** The key's slot, whatever its value (luaH_get), or ABSENT. */
    private int find(LuaValue key) {
        switch (key.type()) {
            case TNIL:
                return ABSENT;
            case TSTRING:
                return findString((LuaString) key);
            case TNUMBER: {
                double d = key.todouble();
                int k = (int) d;
                if (k == d) {
                    return findInteger(k);
                }
                return findInChain(key);
            }
            default:
                return findInChain(key);
        }
    }

    private int findInteger(int key) {
        if (Integer.compareUnsigned(key - 1, array.length) < 0) {
            return -key;
        }
        return findNumber(key);
    }

    private int findNumber(int key) {
        double d = key;
        int n = numberPosition(d);
        do {
            LuaValue k = nodeKeys[n];
            if (k != null && k.type() == TNUMBER && k.todouble() == d) {
                return n;
            }
            n = nodeNext[n];
        } while (n >= 0);
        return ABSENT;
    }

    private int findString(LuaString key) {
        int n = key.hashCode() & (nodeKeys.length - 1);
        do {
            LuaValue k = nodeKeys[n];
            if (k == key || (k instanceof LuaString && k.hashCode() == key.hashCode() && ((LuaString) k).raweq(key))) {
                return n;
            }
            n = nodeNext[n];
        } while (n >= 0);
        return ABSENT;
    }

    private int findInChain(LuaValue key) {
        int n = mainPosition(key);
        do {
            if (sameKey(nodeKeys[n], key)) {
                return n;
            }
            n = nodeNext[n];
        } while (n >= 0);
        return ABSENT;
    }

    private static boolean sameKey(LuaValue stored, LuaValue key) {
        if (stored == key) {
            return true;
        }
        if (stored == null || stored.type() != key.type()) {
            return false;
        }
        switch (key.type()) {
            case TNUMBER:
                return stored.todouble() == key.todouble();
            case TSTRING:
                return stored.raweq(key);
            default:
                return false;
        }
    }

    /** The key's slot, made if absent (luaH_set). */
    private int slotFor(LuaValue key) {
        int slot = find(key);
        if (slot != ABSENT) {
            return slot;
        }
        if (key.isnil()) {
            throw new LuaError("table index is nil");
        }
        if (key.type() == TNUMBER && Double.isNaN(key.todouble())) {
            throw new LuaError("table index is NaN");
        }
        return newKey(key);
    }

    private int slotForInteger(int key) {
        int slot = findInteger(key);
        return slot != ABSENT ? slot : newKey(LuaInteger.valueOf(key));
    }

    private int mainPosition(LuaValue key) {
        switch (key.type()) {
            case TNUMBER:
                return numberPosition(key.todouble());
            case TSTRING:
                return key.hashCode() & (nodeKeys.length - 1);
            case TBOOLEAN:
                return (key.toboolean() ? 1 : 0) & (nodeKeys.length - 1);
            default:
                return Integer.remainderUnsigned(System.identityHashCode(key), (nodeKeys.length - 1) | 1);
        }
    }

    /** Lua 5.1's hashnum: the two 32-bit halves of the double added, modulo an odd divisor; 0 and -0 at node 0. */
    private int numberPosition(double d) {
        if (d == 0) {
            return 0;
        }
        long bits = Double.doubleToRawLongBits(d);
        int sum = (int) bits + (int) (bits >>> 32);
        return Integer.remainderUnsigned(sum, (nodeKeys.length - 1) | 1);
    }

    /**
     * Puts a new key in the hash part (Lua 5.1's newkey): at its main position if that node's value is nil; else, if
     * the node there belongs to another chain, that node moves to a free node and the key takes its place; else the
     * key takes a free node chained after its main position. With no free node left the table is rehashed first.
     */
    private int newKey(LuaValue key) {
        int mp = mainPosition(key);
        if (nodeValues[mp] != null || isDummy()) {
            int free = freePosition();
            if (free < 0) {
                rehash(key);
                return slotFor(key);
            }
            int other = mainPosition(nodeKeys[mp]);
            if (other != mp) {
                while (nodeNext[other] != mp) {
                    other = nodeNext[other];
                }
                nodeNext[other] = free;
                nodeKeys[free] = nodeKeys[mp];
                nodeValues[free] = nodeValues[mp];
                nodeNext[free] = nodeNext[mp];
                nodeNext[mp] = -1;
                nodeValues[mp] = null;
            } else {
                nodeNext[free] = nodeNext[mp];
                nodeNext[mp] = free;
                mp = free;
            }
        }
        nodeKeys[mp] = key;
        return mp;
    }

    private int freePosition() {
        while (lastFree > 0) {
            lastFree--;
            if (nodeKeys[lastFree] == null) {
                return lastFree;
            }
        }
        return -1;
    }

    /** Sizes both parts for the keys in use plus the one being added (Lua 5.1's rehash and computesizes). */
    private void rehash(LuaValue extraKey) {
        int[] nums = new int[MAX_BITS + 1];
        int integerKeys = countArrayPart(nums);
        int total = integerKeys;
        for (int i = nodeKeys.length - 1; i >= 0; i--) {
            if (nodeValues[i] != null) {
                integerKeys += countIntegerKey(nodeKeys[i], nums);
                total++;
            }
        }
        integerKeys += countIntegerKey(extraKey, nums);
        total++;
        int below = 0;
        int inArray = 0;
        int arraySize = 0;
        for (int i = 0, twoToI = 1; twoToI / 2 < integerKeys; i++, twoToI *= 2) {
            if (nums[i] > 0) {
                below += nums[i];
                if (below > twoToI / 2) {
                    arraySize = twoToI;
                    inArray = below;
                }
            }
            if (below == integerKeys) {
                break;
            }
        }
        resize(arraySize, total - inArray);
    }

    /** Counts the array part's non-nil values into nums by slice (2^(i-1), 2^i]. */
    private int countArrayPart(int[] nums) {
        int used = 0;
        int i = 1;
        for (int lg = 0, twoToLg = 1; lg <= MAX_BITS; lg++, twoToLg *= 2) {
            int limit = twoToLg;
            if (limit > array.length) {
                limit = array.length;
                if (i > limit) {
                    break;
                }
            }
            int inSlice = 0;
            for (; i <= limit; i++) {
                if (array[i - 1] != null) {
                    inSlice++;
                }
            }
            nums[lg] += inSlice;
            used += inSlice;
        }
        return used;
    }

    private static int countIntegerKey(LuaValue key, int[] nums) {
        if (key.type() != TNUMBER) {
            return 0;
        }
        double d = key.todouble();
        int k = (int) d;
        if (k != d || k <= 0 || k > MAX_ARRAY_SIZE) {
            return 0;
        }
        nums[ceilLog2(k)]++;
        return 1;
    }

    private static int ceilLog2(int x) {
        return 32 - Integer.numberOfLeadingZeros(x - 1);
    }

    private void resize(int arraySize, int hashSize) {
        LuaValue[] oldArray = array;
        LuaValue[] oldKeys = nodeKeys;
        LuaValue[] oldValues = nodeValues;
        if (arraySize > oldArray.length) {
            array = Arrays.copyOf(oldArray, arraySize);
        }
        setNodeVector(hashSize);
        if (arraySize < oldArray.length) {
            array = Arrays.copyOf(oldArray, arraySize);
            for (int i = arraySize; i < oldArray.length; i++) {
                if (oldArray[i] != null) {
                    store(slotForInteger(i + 1), oldArray[i]);
                }
            }
        }
        for (int i = oldKeys.length - 1; i >= 0; i--) {
            if (oldValues[i] != null) {
                store(slotFor(oldKeys[i]), oldValues[i]);
            }
        }
    }

    private void setNodeVector(int size) {
        if (size == 0) {
            nodeKeys = DUMMY_NODE;
            nodeValues = DUMMY_NODE;
            nodeNext = DUMMY_NEXT;
            lastFree = 0;
            return;
        }
        int lsize = ceilLog2(size);
        if (lsize > MAX_BITS) {
            throw new LuaError("table overflow");
        }
        int n = 1 << lsize;
        nodeKeys = new LuaValue[n];
        nodeValues = new LuaValue[n];
        nodeNext = new int[n];
        Arrays.fill(nodeNext, -1);
        lastFree = n;
    }

    /**
     * Where next() resumes after key (Lua 5.1's findindex): array positions first, then nodes. Only library code
     * (next, cjson, ...) walks a table, so a key not in it is an error raised from C: no script position.
     */
    private int traversalIndex(LuaValue key) {
        if (key.isnil()) {
            return -1;
        }
        int slot = find(key);
        if (slot == ABSENT) {
            throw new LuaError(valueOf("invalid key to 'next'"));
        }
        return slot < 0 ? -slot - 1 : slot + array.length;
    }

    /** A border beyond a full array part: doubling probes, then binary search (Lua 5.1's unbound_search). */
    private int unboundSearch(int arraySize) {
        long present = arraySize;
        long probe = arraySize + 1L;
        while (!rawget((int) probe).isnil()) {
            present = probe;
            probe *= 2;
            if (probe > Integer.MAX_VALUE) {
                int i = 1;
                while (!rawget(i).isnil()) {
                    i++;
                }
                return i - 1;
            }
        }
        while (probe - present > 1) {
            long m = (present + probe) / 2;
            if (rawget((int) m).isnil()) {
                probe = m;
            } else {
                present = m;
            }
        }
        return (int) present;
    }
}
