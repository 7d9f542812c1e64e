package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.util.ArgSplitter;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis 7.0 functions: libraries loaded with FUNCTION LOAD into their own interpreter. While a library's
 * code runs at load time its globals offer only redis.register_function, redis.log and the version;
 * the registered callbacks later run with the full runtime API, resolved through the same global table
 * whose lookup target is switched, as Redis does.
 */
public final class FunctionLibraries {
    private static final long LOAD_TIMEOUT_MILLIS = 500;

    /** A registered function; straightLine: its code may run on the command thread (StraightLineCode). */
    public record Function(String name, Library library, String description, int flags, LuaFunction callback,
                           boolean straightLine) {
    }

    /** A loaded library: its name, engine, full code (with the shebang) and functions in registration order. */
    public record Library(String name, String engine, byte[] code, Map<String, Function> functions) {
    }

    private final RedisApi api;
    private final LuaRandom random;
    private Map<String, Library> libraries = new LinkedHashMap<>();
    private Map<String, Function> functions = functionsByName();
    private LuaSandbox sandbox;
    private ReadOnlyTable chunkEnv;
    private ReadOnlyTable chunkEnvMeta;
    private ReadOnlyTable loadApi;
    /** The library whose code is running in FUNCTION LOAD, null otherwise. */
    private Library loading;
    private long compiledBytes;

    FunctionLibraries(RedisApi api, LuaRandom random) {
        this.api = api;
        this.random = random;
        resetInterpreter();
    }

    private void resetInterpreter() {
        sandbox = new LuaSandbox(random);
        sandbox.define("redis", api.runtimeTable(false));
        sandbox.lock();
        ReadOnlyTable loadRedis = new ReadOnlyTable();
        loadRedis.rawset("register_function", RedisApi.fn(this::registerFunction));
        api.addLogAndVersion(loadRedis);
        LuaSandbox.protectMissing(loadRedis);
        loadRedis.lock(true);
        loadApi = new ReadOnlyTable();
        loadApi.rawset("redis", loadRedis);
        LuaSandbox.protectMissing(loadApi);
        loadApi.lock(true);
        chunkEnv = new ReadOnlyTable();
        chunkEnvMeta = new ReadOnlyTable();
        chunkEnvMeta.rawset(LuaValue.INDEX, sandbox.env());
        chunkEnv.setmetatable(chunkEnvMeta);
        chunkEnvMeta.lock(true);
        chunkEnv.lock(true);
        compiledBytes = 0;
    }

    LuaSandbox sandbox() {
        return sandbox;
    }

    public Function function(String name) {
        return functions.get(name);
    }

    public Library library(String name) {
        return libraries.get(name);
    }

    public Collection<Library> libraries() {
        return libraries.values();
    }

    /** Every library's code, in load order: what an RDB saves of the functions. */
    public List<byte[]> codes() {
        return libraries.values().stream().map(Library::code).toList();
    }

    public int libraryCount() {
        return libraries.size();
    }

    public int functionCount() {
        return functions.size();
    }

    /** FUNCTION LOAD: returns the library name; throws CommandError with Redis's texts. */
    public String load(byte[] code, boolean replace) {
        Library library = compile(code);
        Library old = libraries.get(library.name());
        if (old != null && !replace) {
            throw new CommandError("ERR Library '" + library.name() + "' already exists");
        }
        for (String f : library.functions().keySet()) {
            Function existing = functions.get(f);
            if (existing != null && existing.library() != old) {
                throw new CommandError("ERR Function " + f + " already exists");
            }
        }
        if (old != null) {
            unlink(old);
        }
        link(library);
        return library.name();
    }

    /** FUNCTION DELETE. */
    public void delete(String name) {
        Library library = libraries.get(name);
        if (library == null) {
            throw new CommandError("ERR Library not found");
        }
        unlink(library);
    }

    /** Every loaded function by name: FCALL and the clash checks of a load ignore case, as Redis's functions dict. */
    private static Map<String, Function> functionsByName() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    /** FUNCTION FLUSH: drops every library and starts a fresh interpreter. */
    public void flush() {
        libraries = new LinkedHashMap<>();
        functions = functionsByName();
        resetInterpreter();
    }

    /**
     * FUNCTION RESTORE: the libraries of a payload, compiled before anything changes; policy is "append",
     * "replace" or "flush". With "flush" they are compiled in a fresh interpreter (a library's functions belong to the
     * interpreter that ran its code), and the old libraries come back if any of them fails.
     */
    public void restore(List<byte[]> codes, String policy) {
        if (!policy.equals("flush")) {
            add(codes, policy.equals("replace"));
            return;
        }
        Loaded previous = new Loaded(libraries, functions, sandbox, chunkEnv, chunkEnvMeta, loadApi, compiledBytes);
        flush();
        try {
            add(codes, false);
        } catch (RuntimeException e) {
            previous.reinstate(this);
            throw e;
        }
    }

    /** The libraries with the interpreter that compiled them, to put back after a failed "flush" restore. */
    private record Loaded(Map<String, Library> libraries, Map<String, Function> functions, LuaSandbox sandbox,
                          ReadOnlyTable chunkEnv, ReadOnlyTable chunkEnvMeta, ReadOnlyTable loadApi, long compiledBytes) {
        void reinstate(FunctionLibraries into) {
            into.libraries = libraries;
            into.functions = functions;
            into.sandbox = sandbox;
            into.chunkEnv = chunkEnv;
            into.chunkEnvMeta = chunkEnvMeta;
            into.loadApi = loadApi;
            into.compiledBytes = compiledBytes;
        }
    }

    private void add(List<byte[]> codes, boolean replace) {
        List<Library> incoming = new ArrayList<>();
        for (byte[] code : codes) {
            Library library = compile(code);
            for (Library other : incoming) {
                if (other.name().equals(library.name())) {
                    throw new CommandError("ERR Library '" + library.name() + "' already exists");
                }
            }
            incoming.add(library);
        }
        List<Library> replaced = new ArrayList<>();
        for (Library library : incoming) {
            Library old = libraries.get(library.name());
            if (old != null) {
                if (!replace) {
                    throw new CommandError("ERR Library " + library.name() + " already exists");
                }
                replaced.add(old);
            }
        }
        for (Library library : incoming) {
            for (String f : library.functions().keySet()) {
                Function existing = functions.get(f);
                if (existing != null && !replaced.contains(existing.library())) {
                    throw new CommandError("ERR Function " + f + " already exists");
                }
            }
        }
        replaced.forEach(this::unlink);
        incoming.forEach(this::link);
    }

    private void link(Library library) {
        libraries.put(library.name(), library);
        functions.putAll(library.functions());
        for (Function f : library.functions().values()) {
            if (f.callback().isclosure()) {
                compiledBytes += EvalScripts.prototypeBytes(f.callback().checkclosure().p);
            }
        }
    }

    private void unlink(Library library) {
        libraries.remove(library.name());
        for (Function f : library.functions().values()) {
            functions.remove(f.name());
            if (f.callback().isclosure()) {
                compiledBytes -= EvalScripts.prototypeBytes(f.callback().checkclosure().p);
            }
        }
    }

    private Library compile(byte[] code) {
        Metadata md = Metadata.parse(code);
        if (!validName(md.name)) {
            throw new CommandError("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
        if (!md.engine.equalsIgnoreCase("lua")) {
            throw new CommandError("ERR Engine '" + md.engine + "' not found");
        }
        LuaFunction chunk;
        try {
            chunk = sandbox.compile(Arrays.copyOfRange(code, md.bodyStart, code.length), "@user_function", chunkEnv);
        } catch (LuaError e) {
            throw new CommandError("ERR Error compiling function: " + LuaErrors.normalize(LuaErrors.message(e)));
        }
        Library library = new Library(md.name, "LUA", code, new LinkedHashMap<>());
        long deadline = System.nanoTime() + LOAD_TIMEOUT_MILLIS * 1_000_000;
        switchGlobals(loadApi);
        loading = library;
        sandbox.hook().setInterrupt(() -> System.nanoTime() > deadline ? LuaErrors.raise("FUNCTION LOAD timeout") : null);
        try {
            chunk.call();
        } catch (LuaError e) {
            LuaValue v = LuaErrors.value(e);
            String msg = v.istable() && v.get("err").isstring() ? v.get("err").tojstring() : "ERR " + v.tojstring();
            throw new CommandError("ERR Error registering functions: " + msg);
        } catch (StackOverflowError e) {
            throw new CommandError("ERR Error registering functions: ERR stack overflow");
        } finally {
            sandbox.hook().setInterrupt(null);
            loading = null;
            switchGlobals(sandbox.env());
        }
        if (library.functions().isEmpty()) {
            throw new CommandError("ERR No functions registered");
        }
        return library;
    }

    private void switchGlobals(LuaTable target) {
        chunkEnvMeta.lock(false);
        chunkEnvMeta.rawset(LuaValue.INDEX, target);
        chunkEnvMeta.lock(true);
    }

    private Varargs registerFunction(Varargs args) {
        Library library = loading;
        if (library == null) {
            throw LuaErrors.raise("redis.register_function can only be called on FUNCTION LOAD command");
        }
        int argc = args.narg();
        if (argc < 1 || argc > 2) {
            throw LuaErrors.raise("wrong number of arguments to redis.register_function");
        }
        String name;
        String description = null;
        int flags = 0;
        LuaFunction callback;
        if (argc == 1) {
            LuaValue t = args.arg1();
            if (!t.istable()) {
                throw LuaErrors.raise("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
            }
            name = null;
            callback = null;
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs next = t.next(k);
                k = next.arg1();
                if (k.isnil()) {
                    break;
                }
                LuaValue v = next.arg(2);
                if (!k.isstring()) {
                    throw LuaErrors.raise("named argument key given to redis.register_function is not a string");
                }
                switch (k.tojstring().toLowerCase(Locale.ROOT)) {
                    case "function_name" -> {
                        if (!v.isstring()) {
                            throw LuaErrors.raise("function_name argument given to redis.register_function must be a string");
                        }
                        name = latin1(v);
                    }
                    case "description" -> {
                        if (!v.isstring()) {
                            throw LuaErrors.raise("description argument given to redis.register_function must be a string");
                        }
                        description = latin1(v);
                    }
                    case "callback" -> {
                        if (!v.isfunction()) {
                            throw LuaErrors.raise("callback argument given to redis.register_function must be a function");
                        }
                        callback = (LuaFunction) v;
                    }
                    case "flags" -> {
                        if (!v.istable()) {
                            throw LuaErrors.raise("flags argument to redis.register_function must be a table representing function flags");
                        }
                        flags = readFlags(v);
                    }
                    default -> throw LuaErrors.raise("unknown argument given to redis.register_function");
                }
            }
            if (name == null) {
                throw LuaErrors.raise("redis.register_function must get a function name argument");
            }
            if (callback == null) {
                throw LuaErrors.raise("redis.register_function must get a callback argument");
            }
        } else {
            if (!args.arg1().isstring()) {
                throw LuaErrors.raise("first argument to redis.register_function must be a string");
            }
            if (!args.arg(2).isfunction()) {
                throw LuaErrors.raise("second argument to redis.register_function must be a function");
            }
            name = latin1(args.arg1());
            callback = (LuaFunction) args.arg(2);
        }
        if (!validName(name)) {
            throw LuaErrors.raise("Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
        if (library.functions().containsKey(name)) {
            throw LuaErrors.raise("Function already exists in the library");
        }
        library.functions().put(name, new Function(name, library, description, flags, callback,
                StraightLineCode.check(callback)));
        return LuaValue.NONE;
    }

    private static int readFlags(LuaValue table) {
        int flags = 0;
        for (int i = 1; ; i++) {
            LuaValue v = table.get(i);
            if (v.isnil()) {
                return flags;
            }
            ScriptFlag f = v.isstring() ? ScriptFlag.byName(v.tojstring(), true) : null;
            if (f == null) {
                throw LuaErrors.raise("unknown flag given");
            }
            flags |= f.bit();
        }
    }

    private static String latin1(LuaValue v) {
        return new String(LuaErrors.bytes(v.checkstring()), StandardCharsets.ISO_8859_1);
    }

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Interpreter estimate (see EvalScripts#vmBytes). */
    long vmBytes() {
        return LuaSandbox.BASE_BYTES + compiledBytes;
    }

    /** The libraries' and functions' own structures: names, codes, descriptions. */
    long overheadBytes() {
        long bytes = 200;
        for (Library l : libraries.values()) {
            bytes += 64 + l.name().length() + l.code().length;
            for (Function f : l.functions().values()) {
                bytes += 64 + f.name().length() + (f.description() == null ? 0 : f.description().length());
            }
        }
        return bytes;
    }

    /** The "#!engine name=lib" first line of a library. */
    private record Metadata(String engine, String name, int bodyStart) {
        static Metadata parse(byte[] code) {
            if (code.length < 2 || code[0] != '#' || code[1] != '!') {
                throw new CommandError("ERR Missing library metadata");
            }
            int end = -1;
            for (int i = 0; i < code.length; i++) {
                if (code[i] == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw new CommandError("ERR Invalid library metadata");
            }
            // Words as sdssplitargs splits them: name="my lib" or name='x' are quoted values.
            List<byte[]> words = ArgSplitter.split(Arrays.copyOf(code, end));
            if (words == null || words.isEmpty()) {
                throw new CommandError("ERR Invalid library metadata");
            }
            List<String> parts = words.stream().map(w -> new String(w, StandardCharsets.ISO_8859_1)).toList();
            String engine = parts.get(0).substring(Math.min(2, parts.get(0).length()));
            String name = null;
            for (String part : parts.subList(1, parts.size())) {
                if (part.regionMatches(true, 0, "name=", 0, 5)) {
                    if (name != null) {
                        throw new CommandError("ERR Invalid metadata value, name argument was given multiple times");
                    }
                    name = part.substring(5);
                    continue;
                }
                throw new CommandError("ERR Invalid metadata value given: " + part);
            }
            if (name == null) {
                throw new CommandError("ERR Library name was not given");
            }
            return new Metadata(engine, name, end);
        }
    }
}
