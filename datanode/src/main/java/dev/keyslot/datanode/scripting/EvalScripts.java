package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.command.CommandError;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EVAL side: one Lua interpreter and the script cache, SHA1 of the body to the compiled function.
 * Like Redis 7.0 the cache only grows until SCRIPT FLUSH, which also replaces the interpreter.
 */
public final class EvalScripts {
    /**
     * A cached script: its body (kept for replication), declared flags, compiled function, and whether
     * that is straight-line code (StraightLineCode) that may run on the command thread.
     */
    public record Script(byte[] body, Shebang shebang, LuaFunction function, long compiledBytes, boolean straightLine) {
    }

    private final RedisApi api;
    private final LuaRandom random;
    private final Map<String, Script> scripts = new LinkedHashMap<>();
    /** SHA1 by body, so a repeated EVAL finds its script by comparing bytes instead of hashing them. */
    private final Map<Body, String> shaByBody = new HashMap<>();
    private LuaSandbox sandbox;
    private long bodyBytes;
    private long compiledBytes;

    EvalScripts(RedisApi api, LuaRandom random) {
        this.api = api;
        this.random = random;
        flush();
    }

    /** A script body as a map key: its bytes, compared by content. */
    private static final class Body {
        private final byte[] bytes;
        private final int hash;

        Body(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Body other && other.hash == hash && Arrays.equals(other.bytes, bytes);
        }
    }

    public void flush() {
        scripts.clear();
        shaByBody.clear();
        bodyBytes = 0;
        compiledBytes = 0;
        sandbox = new LuaSandbox(random);
        sandbox.define("redis", api.runtimeTable(true));
        sandbox.define("__redis__err__handler", RedisApi.fn(args -> {
            LuaValue err = args.arg1();
            if (err.istable()) {
                return err;
            }
            LuaTable t = new LuaTable();
            t.rawset("err", LuaValue.valueOf("ERR " + err.tojstring()));
            return t;
        }));
        sandbox.lock();
    }

    LuaSandbox sandbox() {
        return sandbox;
    }

    public Script get(String sha) {
        return scripts.get(sha);
    }

    /** Compiles and caches body unless cached; returns its SHA1. Throws CommandError on a bad script. */
    public String load(byte[] body) {
        String known = shaByBody.get(new Body(body));
        if (known != null) {
            return known;
        }
        String sha = RedisApi.sha1Hex(body);
        if (scripts.containsKey(sha)) {
            return sha;
        }
        Shebang shebang = Shebang.parse(body);
        byte[] code = Arrays.copyOfRange(body, shebang.length(), body.length);
        LuaFunction function;
        try {
            function = sandbox.compile(code, "@user_script", sandbox.env());
        } catch (LuaError e) {
            throw new CommandError("ERR Error compiling script (new function): " + LuaErrors.normalize(LuaErrors.message(e)));
        }
        long compiled = function.isclosure() ? prototypeBytes(function.checkclosure().p) : 0;
        scripts.put(sha, new Script(body, shebang, function, compiled, StraightLineCode.check(function)));
        shaByBody.put(new Body(body), sha);
        bodyBytes += body.length + 40;
        compiledBytes += compiled;
        return sha;
    }

    public int size() {
        return scripts.size();
    }

    /** Bytes of the cached bodies and their SHA1 keys (Redis's used_memory_scripts_eval). */
    long cacheBytes() {
        return bodyBytes;
    }

    /**
     * An estimate of the interpreter's memory: luaj has no allocator to ask, so the compiled code of the
     * cached scripts is counted (instructions, constants, nested functions) over a fixed base.
     */
    long vmBytes() {
        return LuaSandbox.BASE_BYTES + compiledBytes;
    }

    static long prototypeBytes(Prototype p) {
        long bytes = 64L + 4L * p.code.length + 16L * p.k.length + 4L * (p.lineinfo == null ? 0 : p.lineinfo.length);
        for (Prototype nested : p.p) {
            bytes += prototypeBytes(nested);
        }
        return bytes;
    }
}
