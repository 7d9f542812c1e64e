package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.scripting.CheckedFunction.Check;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One Lua interpreter set up like Redis 7.0's: the Lua 5.1 base, table, string, math and coroutine
 * libraries plus cjson, cmsgpack, struct and bit, no file or OS access, a locked global table whose missing names raise
 * "Script attempted to access nonexistent global variable", and locked library tables.
 *
 * <p>luaj implements Lua 5.2, so the 5.1 names scripts rely on are added back: unpack, loadstring,
 * table.getn/maxn/foreach/foreachi, math.mod/log10, string.gfind, gcinfo; 5.2-only names (rawlen,
 * bit32, table.pack/unpack) are removed. Scripts still see 5.2 syntax (goto, _ENV). Numbers become text as C Lua's
 * "%.14g" ({@link LuaNumberText}), string.format has C's printf conversions ({@link StringFormat}) and tonumber
 * reads strings as strtod does.
 */
final class LuaSandbox {
    private static final List<String> BASE_NAMES = List.of("setmetatable", "next", "assert",
            "rawequal", "getmetatable", "type", "pairs",
            "rawget", "ipairs");

    /** What a fresh interpreter with its libraries takes, measured like Redis's (about 30 KB). */
    static final long BASE_BYTES = 31 * 1024;

    private final Globals globals = new Globals();
    private final ScriptHook hook = new ScriptHook();
    private final ReadOnlyTable env = GlobalsLayout.create();
    private final ReadOnlyTable stringMetatable = new ReadOnlyTable();
    private final LuaRandom random;

    LuaSandbox(LuaRandom random) {
        this.random = random;
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new CoroutineLib());
        globals.load(new JseMathLib());
        globals.load(hook);
        LoadState.install(globals);
        LuaC.install(globals);
        for (String name : BASE_NAMES) {
            env.rawset(name, globals.get(name));
        }
        env.rawset("rawset", TableFunctions.rawset());
        env.rawset("collectgarbage", new CollectGarbage());
        env.rawset("tostring", new ToStringFunction());
        env.rawset("_G", env);
        env.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        env.rawset("pcall", new RedisPcall());
        env.rawset("xpcall", new XPcall());
        env.rawset("select", new Select());
        env.rawset("error", new ErrorFunction(globals.get("error")));
        env.rawset("tonumber", new ToNumberFunction());
        env.rawset("unpack", new Unpack(globals.get("table").get("unpack")));
        env.rawset("loadstring", new LoadString());
        env.rawset("load", new Load());
        env.rawset("gcinfo", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                Runtime rt = Runtime.getRuntime();
                return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
            }
        });
        checkBaseArguments();
        env.rawset("table", tableLib());
        env.rawset("string", stringLib());
        env.rawset("math", mathLib());
        env.rawset("coroutine", coroutineLib());
        env.rawset("bit", BitLib.create());
        env.rawset("cjson", CjsonLib.create());
        env.rawset("cmsgpack", CmsgpackLib.create());
        env.rawset("struct", StructLib.create());
        protectMissing(env);
    }

    /** Lua 5.1's argument errors for the base functions scripts call with wrong values most often. */
    private void checkBaseArguments() {
        CheckedFunction.wrap(env, "ipairs", Check.TABLE);
        CheckedFunction.wrap(env, "pairs", Check.TABLE);
        CheckedFunction.wrap(env, "unpack", Check.TABLE);
        CheckedFunction.wrap(env, "next", Check.TABLE);
        CheckedFunction.wrap(env, "rawget", Check.TABLE, Check.ANY);
        CheckedFunction.wrap(env, "rawset", Check.TABLE, Check.ANY, Check.ANY);
        CheckedFunction.wrap(env, "rawequal", Check.ANY, Check.ANY);
        CheckedFunction.wrap(env, "setmetatable", Check.TABLE, Check.NIL_OR_TABLE);
        LuaValue luajGetmetatable = env.rawget("getmetatable");
        env.rawset("getmetatable", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                return v.type() == LuaValue.TSTRING ? stringMetatable : luajGetmetatable.call(v);
            }
        });
        CheckedFunction.wrap(env, "getmetatable", Check.ANY);
        CheckedFunction.wrap(env, "tostring", Check.ANY);
        CheckedFunction.wrap(env, "type", Check.ANY);
        CheckedFunction.wrap(env, "assert", Check.ANY);
        CheckedFunction.wrap(env, "loadstring", Check.STRING, Check.OPTIONAL_STRING);
        CheckedFunction.wrap(env, "load", Check.FUNCTION, Check.OPTIONAL_STRING);
        CheckedFunction.wrap(env, "xpcall", Check.UNCHECKED, Check.ANY);
    }

    /** Gives t a locked metatable that makes reading a missing name an error. */
    static void protectMissing(LuaTable t) {
        ReadOnlyTable meta = new ReadOnlyTable();
        meta.rawset(LuaValue.INDEX, new MissingGlobal());
        t.setmetatable(meta);
        meta.lock(true);
    }

    /** Adds a global before the environment is locked (redis, KEYS, ...). */
    void define(String name, LuaValue value) {
        env.rawset(name, value);
    }

    /** Locks the global table: from now on scripts cannot create or change globals. */
    void lock() {
        GlobalsLayout.checkComplete(env);
        env.lock(true);
    }

    /** Sets a global while the environment is locked (EVAL's KEYS and ARGV). */
    void defineLocked(LuaString name, LuaValue value) {
        env.lock(false);
        try {
            env.rawset(name, value);
        } finally {
            env.lock(true);
        }
    }

    ReadOnlyTable env() {
        return env;
    }

    ScriptHook hook() {
        return hook;
    }

    /** Compiles a chunk into a function over this sandbox's globals; throws LuaError on syntax errors. */
    LuaFunction compile(byte[] code, String chunkName, LuaTable chunkEnv) {
        // Loaded over the Globals (luaj runs the instruction hook only for closures created that way),
        // then the chunk's _ENV is pointed at the script environment.
        LuaClosure f = (LuaClosure) globals.load(new ByteArrayInputStream(code), chunkName, "t", globals);
        f.upValues[0].setValue(chunkEnv);
        withoutTailCalls(f.p);
        return f;
    }

    /**
     * Turns tail calls into plain calls (the RETURN that follows every TAILCALL returns their results
     * unchanged). luaj runs a tail call after its caller's frame is gone, so an error raised by, say,
     * "return redis.call(...)" would lose the line Redis reports ("on @user_script:1.").
     */
    private static void withoutTailCalls(Prototype p) {
        for (int i = 0; i < p.code.length; i++) {
            if ((p.code[i] & Lua.MASK_OP) == Lua.OP_TAILCALL) {
                p.code[i] = (p.code[i] & ~Lua.MASK_OP) | Lua.OP_CALL;
            }
        }
        for (Prototype nested : p.p) {
            withoutTailCalls(nested);
        }
    }

    /**
     * A library table made as luaL_register makes it: sized for its functions and filled in the order of the C
     * library's list, so pairs meets them in Redis's order (later replacements of a value never move a key).
     */
    private static ReadOnlyTable registered(Function<String, LuaValue> functionNamed, String... names) {
        ReadOnlyTable t = new ReadOnlyTable(0, names.length);
        for (String name : names) {
            LuaValue function = functionNamed.apply(name);
            if (!function.isfunction()) {
                throw new IllegalStateException("no library function " + name);
            }
            t.rawset(name, function);
        }
        return t;
    }

    private LuaTable tableLib() {
        Map<String, LuaValue> functions = new HashMap<>();
        functions.put("concat", TableFunctions.concat());
        functions.put("foreach", new Foreach(false));
        functions.put("foreachi", new Foreach(true));
        functions.put("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue arg) {
                return LuaValue.valueOf(arg.checktable().length());
            }
        });
        functions.put("maxn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue arg) {
                double max = 0;
                LuaValue k = LuaValue.NIL;
                LuaTable tbl = arg.checktable();
                while (!(k = tbl.next(k).arg1()).isnil()) {
                    if (k.isnumber() && k.todouble() > max) {
                        max = k.todouble();
                    }
                }
                return LuaValue.valueOf(max);
            }
        });
        functions.put("insert", TableFunctions.insert());
        functions.put("remove", TableFunctions.remove());
        functions.put("setn", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                throw new LuaError("'setn' is obsolete");
            }
        });
        functions.put("sort", new TableSort());
        ReadOnlyTable t = registered(functions::get, "concat", "foreach", "foreachi", "getn", "maxn", "insert", "remove",
                "setn", "sort");
        for (String name : new String[] {"getn", "maxn", "setn"}) {
            CheckedFunction.wrap(t, name, Check.TABLE);
        }
        CheckedFunction.wrap(t, "sort", Check.TABLE, Check.OPTIONAL_FUNCTION);
        CheckedFunction.wrap(t, "foreach", Check.TABLE, Check.FUNCTION);
        CheckedFunction.wrap(t, "foreachi", Check.TABLE, Check.FUNCTION);
        t.lock(true);
        return t;
    }

    private LuaTable stringLib() {
        LuaTable luajString = (LuaTable) globals.get("string");
        ReadOnlyTable s = registered(name -> luajString.rawget(name.equals("gfind") ? "gmatch" : name), "byte", "char",
                "dump", "find", "format", "gfind", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper");
        s.rawset("len", StringBasics.len());
        s.rawset("sub", StringBasics.sub());
        s.rawset("upper", StringBasics.upper());
        s.rawset("lower", StringBasics.lower());
        s.rawset("rep", StringBasics.rep());
        s.rawset("reverse", StringBasics.reverse());
        s.rawset("byte", StringBasics.byteFunction());
        s.rawset("char", StringBasics.charFunction());
        s.rawset("find", StringPatterns.find());
        s.rawset("match", StringPatterns.match());
        s.rawset("gmatch", StringPatterns.gmatch());
        s.rawset("gfind", s.rawget("gmatch"));
        s.rawset("gsub", StringPatterns.gsub());
        s.rawset("format", new StringFormat());
        s.lock(true);
        stringMetatable.rawset(LuaValue.INDEX, s);
        stringMetatable.lock(true);
        // luaj keeps one metatable for all strings, the last interpreter's; getmetatable shows each its own.
        LuaString.s_metatable = stringMetatable;
        return s;
    }

    /** coroutine.resume reports a failed coroutine's error as Lua 5.1 words it, without luaj's traceback. */
    private LuaTable coroutineLib() {
        LuaTable luajCoroutine = (LuaTable) globals.get("coroutine");
        ReadOnlyTable c = registered(luajCoroutine::rawget, "create", "resume", "running", "status", "wrap", "yield");
        // Lua 5.1's running() is nil in the main thread; luaj (Lua 5.2) returns the main thread and true.
        c.rawset("running", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return globals.running.isMainThread() ? NIL : globals.running;
            }
        });
        c.rawset("yield", new CoroutineYield(globals, c.rawget("yield")));
        LuaValue luajResume = c.rawget("resume");
        VarArgFunction resume = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaThread coroutine = (LuaThread) args.arg1();
                String status = coroutine.getStatus();
                if (!status.equals("suspended")) {
                    // Lua 5.1 names the status, where luaj says "non-suspended" for running and normal alike.
                    return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("cannot resume " + status + " coroutine"));
                }
                Varargs result = luajResume.invoke(args);
                if (result.arg1().toboolean()) {
                    return result;
                }
                LuaValue error = CoroutineFailures.take(coroutine);
                return LuaValue.varargsOf(LuaValue.FALSE,
                        error != null ? error : LuaValue.valueOf(LuaErrors.normalize(result.arg(2).tojstring())));
            }
        };
        c.rawset("resume", resume);
        LuaValue create = c.rawget("create");
        // Lua 5.1's auxwrap: the coroutine's results, or its error raised again, a message with the caller's position.
        c.rawset("wrap", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue f) {
                LuaValue coroutine = create.call(f);
                return new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        Varargs result = resume.invoke(LuaValue.varargsOf(coroutine, args));
                        if (result.arg1().toboolean()) {
                            return result.subargs(2);
                        }
                        LuaValue error = result.arg(2);
                        throw error.type() == LuaValue.TSTRING ? new LuaError(error.tojstring()) : new LuaError(error);
                    }
                };
            }
        });
        CheckedFunction.wrap(c, "resume", Check.COROUTINE);
        CheckedFunction.wrap(c, "status", Check.COROUTINE);
        CheckedFunction.wrap(c, "create", Check.LUA_FUNCTION);
        CheckedFunction.wrap(c, "wrap", Check.LUA_FUNCTION);
        c.lock(true);
        return c;
    }

    private static LuaValue mathFunction(LuaTable luajMath, String name) {
        return switch (name) {
            case "asin" -> MathFunctions.asin();
            case "acos" -> MathFunctions.acos();
            case "log10" -> MathFunctions.log10();
            default -> luajMath.rawget(name);
        };
    }

    private LuaTable mathLib() {
        LuaTable luajMath = (LuaTable) globals.get("math");
        ReadOnlyTable m = registered(name -> mathFunction(luajMath, name), "abs", "acos", "asin",
                "atan2", "atan", "ceil", "cosh", "cos", "deg", "exp", "floor", "fmod", "frexp", "ldexp", "log10", "log", "max",
                "min", "modf", "pow", "rad", "random", "randomseed", "sinh", "sin", "sqrt", "tanh", "tan");
        m.rawset("pi", luajMath.rawget("pi"));
        m.rawset("huge", luajMath.rawget("huge"));
        m.rawset("fmod", MathFunctions.fmod());
        m.rawset("mod", m.rawget("fmod"));
        m.rawset("ldexp", MathFunctions.ldexp());
        m.rawset("frexp", MathFunctions.frexp());
        m.rawset("min", MathFunctions.min());
        m.rawset("max", MathFunctions.max());
        for (String name : new String[] {"abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "deg", "exp", "floor",
                "frexp", "log", "log10", "modf", "rad", "sin", "sinh", "sqrt", "tan", "tanh"}) {
            CheckedFunction.wrap(m, name, Check.NUMBER);
        }
        for (String name : new String[] {"atan2", "fmod", "mod", "ldexp", "pow"}) {
            CheckedFunction.wrapRightToLeft(m, name, Check.NUMBER, Check.NUMBER);
        }
        CheckedFunction.wrap(m, "min", Check.NUMBERS);
        CheckedFunction.wrap(m, "max", Check.NUMBERS);
        m.rawset("random", random.randomFunction());
        m.rawset("randomseed", random.seedFunction());
        m.lock(true);
        return m;
    }

    /** Redis's pcall: an error raised as a table with an "err" field comes back as that string. */
    private static final class RedisPcall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() == 0) {
                // Redis's pcall puts true in front of its arguments and calls the first value: with none, that true.
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("attempt to call a boolean value"));
            }
            LuaValue f = args.arg1();
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
            } catch (LuaError e) {
                LuaValue error = LuaErrors.value(e);
                if (error.istable() && error.get("err").isstring()) {
                    error = error.get("err");
                }
                return LuaValue.varargsOf(LuaValue.FALSE, error);
            } catch (StackOverflowError e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
            } catch (RuntimeException e) {
                // A library function called directly (pcall(string.find, ...)) fails outside any closure, which is
                // where luaj turns Java exceptions into Lua errors.
                return LuaValue.varargsOf(LuaValue.FALSE, LuaErrors.value(new LuaError(e)));
            }
        }
    }

    /**
     * Lua 5.1's error(value [, level]): the position is added only to a string or number message and a level above 0;
     * otherwise the value itself is raised (error('x', 0) is "x", error(5, 0) the number 5). luaj adds it regardless.
     */
    private static final class ErrorFunction extends VarArgFunction {
        private final LuaValue luajError;

        ErrorFunction(LuaValue luajError) {
            this.luajError = luajError;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue value = args.arg1();
            boolean positioned = value.type() == LuaValue.TSTRING || value.type() == LuaValue.TNUMBER;
            if (positioned && args.optint(2, 1) > 0) {
                return luajError.invoke(args);
            }
            throw new LuaError(value);
        }
    }

    /** Lua 5.1's select(n, ...): a negative n counts from the end, one past the end gives nothing, below 1 fails. */
    private static final class Select extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            int n = args.narg();
            // Lua 5.1 looks at the first character only: select('#x', ...) counts too.
            if (args.arg1().type() == LuaValue.TSTRING && args.arg1().checkstring().rawlen() > 0
                    && args.arg1().checkstring().luaByte(0) == '#') {
                return LuaValue.valueOf(n - 1);
            }
            long i = LuaArgs.checkInteger(args, 1, "select");
            if (i < 0) {
                i += n;
            } else if (i > n) {
                i = n;
            }
            if (i < 1) {
                throw LuaArgs.argError(1, "select", "index out of range");
            }
            return args.subargs((int) i + 1);
        }
    }

    /** Lua 5.1's xpcall(f, handler): f runs without arguments, and the handler turns the error value into the result. */
    private static final class XPcall extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.arg1();
            LuaValue handler = args.arg(2);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(LuaValue.NONE));
            } catch (LuaError e) {
                return handled(handler, LuaErrors.value(e));
            } catch (StackOverflowError e) {
                return handled(handler, LuaValue.valueOf("stack overflow"));
            } catch (RuntimeException e) {
                return handled(handler, LuaErrors.value(new LuaError(e)));
            }
        }

        /** The handler's result, or Lua 5.1's LUA_ERRERR message when the handler fails too. */
        private static Varargs handled(LuaValue handler, LuaValue error) {
            try {
                return LuaValue.varargsOf(LuaValue.FALSE, handler.call(error));
            } catch (LuaError | StackOverflowError e) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("error in error handling"));
            }
        }
    }

    /** Lua 5.1's unpack refuses to return more values than a C function's stack may hold (8000 with its arguments). */
    private static final class Unpack extends VarArgFunction {
        private static final int MAX_STACK = 8000;
        private final LuaValue unpack;

        Unpack(LuaValue unpack) {
            this.unpack = unpack;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            long first = args.optint(2, 1);
            long last = args.isnoneornil(3) ? t.length() : args.checkint(3);
            if (first <= last && last - first + 1 + args.narg() > MAX_STACK) {
                throw new LuaError("too many results to unpack");
            }
            return unpack.invoke(args);
        }
    }

    /** Lua 5.1's loadstring(s [, chunkname]): compiled against the script globals. */
    private final class LoadString extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaString code = args.checkstring(1);
            String name = args.optjstring(2, "=[string \"" + firstLine(code.tojstring()) + "\"]");
            return loadChunk(LuaErrors.bytes(code), name);
        }
    }

    /** Lua 5.1's load(func [, chunkname]): the chunk is the concatenation of func's results. */
    private final class Load extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            String name = args.optjstring(2, "=(load)");
            LuaFunction reader = args.checkfunction(1);
            java.io.ByteArrayOutputStream code = new java.io.ByteArrayOutputStream();
            while (true) {
                LuaValue piece = reader.call();
                if (piece.isnil() || piece.isstring() && piece.checkstring().length() == 0) {
                    break;
                }
                if (!piece.isstring()) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
                }
                code.writeBytes(LuaErrors.bytes(piece.checkstring()));
            }
            return loadChunk(code.toByteArray(), name);
        }
    }

    private Varargs loadChunk(byte[] code, String name) {
        try {
            return compile(code, name, env);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(LuaErrors.normalize(LuaErrors.message(e))));
        }
    }

    private static String firstLine(String code) {
        int nl = code.indexOf('\n');
        String line = nl < 0 ? code : code.substring(0, nl) + "...";
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }

    private static final class Foreach extends TwoArgFunction {
        private final boolean indexed;

        Foreach(boolean indexed) {
            this.indexed = indexed;
        }

        @Override
        public LuaValue call(LuaValue table, LuaValue f) {
            LuaTable t = table.checktable();
            LuaFunction fn = f.checkfunction();
            if (indexed) {
                for (int i = 1, n = t.length(); i <= n; i++) {
                    LuaValue r = fn.call(LuaValue.valueOf(i), t.get(i));
                    if (!r.isnil()) {
                        return r;
                    }
                }
                return LuaValue.NIL;
            }
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = t.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    return LuaValue.NIL;
                }
                LuaValue r = fn.call(k, next.arg(2));
                if (!r.isnil()) {
                    return r;
                }
            }
        }
    }

    /** __index of the globals: reading an undefined global is an error, as in Redis. */
    private static final class MissingGlobal extends TwoArgFunction {
        @Override
        public LuaValue call(LuaValue table, LuaValue key) {
            throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
        }
    }
}
