package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.config.ConfigLoader;
import dev.keyslot.datanode.server.Log;
import dev.keyslot.datanode.util.Numbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The "redis" table scripts see: call, pcall, the reply helpers, log, setresp, set_repl and constants. */
final class RedisApi {
    static final int VERSION_NUM = 0x07000f;

    private final ScriptRunner runner;
    private final ScriptCommandCall commands;
    private final Log log;

    RedisApi(ScriptRunner runner, ScriptCommandCall commands, Log log) {
        this.runner = runner;
        this.commands = commands;
        this.log = log;
    }

    /** The full runtime API (EVAL scripts and functions when called). */
    LuaTable runtimeTable(boolean evalExtras) {
        // In the order Redis's luaRegisterRedisAPI and scriptingInit add them, which is the order pairs meets them.
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("call", fn(args -> call(args, true)));
        t.rawset("pcall", fn(args -> call(args, false)));
        addLogAndVersion(t);
        t.rawset("setresp", fn(this::setResp));
        t.rawset("sha1hex", fn(RedisApi::sha1hex));
        t.rawset("error_reply", fn(RedisApi::errorReply));
        t.rawset("status_reply", fn(RedisApi::statusReply));
        t.rawset("set_repl", fn(this::setRepl));
        t.rawset("REPL_NONE", LuaValue.valueOf(0));
        t.rawset("REPL_AOF", LuaValue.valueOf(1));
        t.rawset("REPL_SLAVE", LuaValue.valueOf(2));
        t.rawset("REPL_REPLICA", LuaValue.valueOf(2));
        t.rawset("REPL_ALL", LuaValue.valueOf(3));
        t.rawset("acl_check_cmd", fn(this::aclCheck));
        if (evalExtras) {
            t.rawset("breakpoint", fn(RedisApi::breakpoint));
            t.rawset("debug", fn(RedisApi::debug));
            t.rawset("replicate_commands", fn(args -> LuaValue.TRUE));
        }
        t.lock(true);
        return t;
    }

    void addLogAndVersion(LuaTable t) {
        t.rawset("log", fn(this::log));
        t.rawset("LOG_DEBUG", LuaValue.valueOf(0));
        t.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
        t.rawset("LOG_NOTICE", LuaValue.valueOf(2));
        t.rawset("LOG_WARNING", LuaValue.valueOf(3));
        t.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(VERSION_NUM));
        t.rawset("REDIS_VERSION", LuaValue.valueOf(ConfigLoader.REDIS_VERSION));
    }

    interface Body {
        Varargs apply(Varargs args);
    }

    static LuaValue fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }

    private ScriptRun requireRun(String what) {
        ScriptRun run = runner.current();
        if (run == null) {
            throw LuaErrors.raise(what + " can only be called inside a script invocation");
        }
        return run;
    }

    /** redis.breakpoint(): true and a stop at the next line in a debugging session, false otherwise. */
    private static Varargs breakpoint(Varargs args) {
        LuaDebugSession debug = LuaDebugSession.ON_THREAD.get();
        if (debug == null) {
            return LuaValue.FALSE;
        }
        debug.breakpointCalled();
        return LuaValue.TRUE;
    }

    /** redis.debug(...): logs its arguments to the debugging client, nothing outside a session. */
    private static Varargs debug(Varargs args) {
        LuaDebugSession debug = LuaDebugSession.ON_THREAD.get();
        if (debug != null) {
            debug.debugLog(args);
        }
        return LuaValue.NONE;
    }

    private Varargs call(Varargs args, boolean raise) {
        ScriptRun run = requireRun("redis.call/pcall");
        Object converted = argv(args);
        if (converted instanceof LuaTable error) {
            return fail(error, raise);
        }
        byte[][] argv = (byte[][]) converted;
        LuaDebugSession debug = run.debug != null && run.debug.stepping() ? run.debug : null;
        if (debug != null) {
            debug.logCommand(argv);
        }
        Object reply = runner.withKeyspace(() -> commands.execute(run, argv));
        if (reply instanceof String refusal) {
            LuaTable error = LuaErrors.errorTable(refusal);
            error.rawset("ignore_error_stats_update", LuaValue.TRUE);
            return fail(error, raise);
        }
        byte[] bytes = (byte[]) reply;
        LuaValue value = RespToLua.convert(bytes);
        if (debug != null) {
            debug.logReply(bytes);
        }
        if (raise && RespToLua.isError(bytes)) {
            throw new LuaError(value);
        }
        return value;
    }

    private static Varargs fail(LuaTable error, boolean raise) {
        if (raise) {
            throw new LuaError(error);
        }
        return error;
    }

    private static Varargs sha1hex(Varargs args) {
        if (args.narg() != 1) {
            throw LuaErrors.raise("wrong number of arguments");
        }
        LuaValue v = args.arg1();
        byte[] data = v.isstring() ? LuaErrors.bytes(v.checkstring()) : new byte[0];
        return LuaValue.valueOf(sha1Hex(data));
    }

    static String sha1Hex(byte[] data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(data);
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Varargs errorReply(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return LuaErrors.errorTable("wrong number or type of arguments");
        }
        String err = latin1(args.arg1().checkstring());
        return LuaErrors.errorTable(err.startsWith("-") ? err : "-" + err);
    }

    private static Varargs statusReply(Varargs args) {
        if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
            return LuaErrors.errorTable("wrong number or type of arguments");
        }
        LuaTable t = new LuaTable();
        t.rawset("ok", args.arg1());
        return t;
    }

    private Varargs log(Varargs args) {
        int argc = args.narg();
        if (argc < 2) {
            throw LuaErrors.raise("redis.log() requires two arguments or more.");
        }
        if (!args.arg1().isnumber()) {
            throw LuaErrors.raise("First argument must be a number (log level).");
        }
        int level = (int) args.arg1().todouble();
        if (level < 0 || level > 3) {
            throw LuaErrors.raise("Invalid debug level.");
        }
        StringBuilder message = new StringBuilder();
        for (int i = 2; i <= argc; i++) {
            LuaValue part = args.arg(i);
            if (part.isstring()) {
                if (i != 2) {
                    message.append(' ');
                }
                message.append(part.tojstring());
            }
        }
        log.log(Log.Level.values()[level], message.toString());
        return LuaValue.NONE;
    }

    private Varargs setResp(Varargs args) {
        ScriptRun run = requireRun("redis.setresp");
        if (args.narg() != 1) {
            throw LuaErrors.raise("redis.setresp() requires one argument.");
        }
        int resp = (int) args.arg1().todouble();
        if (resp != 2 && resp != 3) {
            throw LuaErrors.raise("RESP version must be 2 or 3.");
        }
        run.resp = resp;
        return LuaValue.NONE;
    }

    private Varargs setRepl(Varargs args) {
        ScriptRun run = requireRun("redis.set_repl");
        if (args.narg() != 1) {
            throw LuaErrors.raise("redis.set_repl() requires two arguments.");
        }
        int flags = (int) args.arg1().todouble();
        if ((flags & ~3) != 0) {
            throw LuaErrors.raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
        }
        run.replicationTargets = flags;
        return LuaValue.NONE;
    }

    /** Whether the script's caller's ACL user may run the command with these arguments, keys and channels included. */
    private Varargs aclCheck(Varargs args) {
        ScriptRun run = requireRun("redis.acl_check_cmd");
        Object converted = argv(args);
        if (converted instanceof LuaTable error) {
            throw new LuaError(error);
        }
        Boolean permitted = runner.withKeyspace(() -> commands.permitted(run, (byte[][]) converted));
        if (permitted == null) {
            throw LuaErrors.raise("Invalid command passed to redis.acl_check_cmd()");
        }
        return LuaValue.valueOf(permitted);
    }

    /** A redis.* call's arguments as a command's argv (numbers as %.17g prints them), or the error table of Redis. */
    private static Object argv(Varargs args) {
        int argc = args.narg();
        if (argc == 0) {
            return LuaErrors.errorTable("Please specify at least one argument for this redis lib call");
        }
        byte[][] argv = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            LuaValue a = args.arg(i + 1);
            if (a.type() == LuaValue.TNUMBER) {
                argv[i] = Numbers.formatDouble17g(a.todouble()).getBytes(StandardCharsets.US_ASCII);
            } else if (a.type() == LuaValue.TSTRING) {
                argv[i] = LuaErrors.bytes(a.checkstring());
            } else {
                return LuaErrors.errorTable("Lua redis lib command arguments must be strings or integers");
            }
        }
        return argv;
    }

    private static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }
}
