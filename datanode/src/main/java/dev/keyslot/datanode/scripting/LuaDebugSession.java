package dev.keyslot.datanode.scripting;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.util.Numbers;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongSupplier;

/**
 * One session of Redis's Lua debugger (LDB): the script stops at lines, and the debugging client's requests
 * are read as debugger commands until one resumes the script. Runs on the script thread; the client's
 * requests arrive through {@link #input} from the event loop, the logs go straight to its socket as
 * a multi-bulk of status replies, as Redis writes them.
 */
final class LuaDebugSession implements ScriptHook.LineListener {
    /** The session whose script runs on this thread: redis.call, errors and redis.debug log into it. */
    static final ThreadLocal<LuaDebugSession> ON_THREAD = new ThreadLocal<>();

    private static final int MAX_BREAKPOINTS = 64;
    private static final int DEFAULT_MAXLEN = 256;
    /** Redis's debugger refuses requests of more than 1024 arguments, or with an argument over 1024 bytes. */
    private static final int MAX_ARGS = 1024;
    private static final long DEFAULT_TIME_LIMIT_MILLIS = 5000;
    /** Put in the input queue when the client disconnects. */
    static final Object DISCONNECTED = new Object();

    final Client client;
    final boolean sync;
    /** What undoes the session's writes when it ends (a forked session), null for a synchronous one. */
    final DebugRollback rollback;
    private final BlockingQueue<Object> input = new LinkedBlockingQueue<>();
    private final List<String> logs = new ArrayList<>();
    private final String[] source;
    private final LongSupplier busyThresholdMillis;
    /** Breakpoint lines, at most MAX_BREAKPOINTS, in the order set. */
    private final int[] breakpoints = new int[MAX_BREAKPOINTS];
    private int breakpointCount;
    private boolean step = true;
    private boolean luaBreakpoint;
    private int currentLine;
    private int maxlen = DEFAULT_MAXLEN;
    private boolean maxlenHintSent;
    private long stoppedAtNanos = System.nanoTime();
    private ScriptHook hook;
    private LuaSandbox sandbox;
    private boolean clientGone;

    LuaDebugSession(Client client, DebugRollback rollback, byte[] script, LongSupplier busyThresholdMillis) {
        this.client = client;
        this.sync = rollback == null;
        this.rollback = rollback;
        this.busyThresholdMillis = busyThresholdMillis;
        int end = script.length;
        while (end > 0 && (script[end - 1] == '\n' || script[end - 1] == '\r')) {
            end--;
        }
        this.source = end == 0 ? new String[0] : DebugText.latin1(script, 0, end).split("\n", -1);
    }

    /** Called on the script thread before the script runs: stops and logs are taken from here on. */
    void attach(LuaSandbox sandbox) {
        this.sandbox = sandbox;
        this.hook = sandbox.hook();
        ON_THREAD.set(this);
        hook.setLineListener(this);
    }

    void detach() {
        hook.setLineListener(null);
        ON_THREAD.remove();
    }

    /** From the event loop: a request of the debugging client (argv, or the decoder's ProtocolError), or DISCONNECTED. */
    void deliver(Object request) {
        input.add(request);
    }

    /** Redis's ldbIsEnabled: commands and errors are logged only while stepping. */
    boolean stepping() {
        return step;
    }

    /** redis.breakpoint(): stop at the next line. */
    void breakpointCalled() {
        luaBreakpoint = true;
    }

    /** redis.debug(...). */
    void debugLog(Varargs args) {
        log("<debug> line " + currentLine + ": " + DebugText.values(args));
    }

    void logCommand(byte[][] argv) {
        StringBuilder line = new StringBuilder("<redis>");
        for (int j = 0; j < argv.length; j++) {
            if (j == 10) {
                line.append(" ... (").append(argv.length - j - 1).append(" more)");
                break;
            }
            line.append(' ').append(DebugText.latin1(argv[j], 0, argv[j].length));
        }
        log(line.toString());
    }

    void logReply(byte[] reply) {
        logWithMaxLen("<reply> " + DebugText.reply(reply));
    }

    void logError(String error) {
        log("<error> " + error);
    }

    @Override
    public void onLine(int line, boolean countEvent) {
        currentLine = line;
        boolean atBreakpoint = isBreakpoint(line) || luaBreakpoint;
        if (!hook.frame(0).inUserScript()) {
            return;
        }
        boolean timeout = false;
        if (countEvent && !step && !atBreakpoint) {
            long limit = busyThresholdMillis.getAsLong();
            if ((System.nanoTime() - stoppedAtNanos) / 1_000_000 < (limit > 0 ? limit : DEFAULT_TIME_LIMIT_MILLIS)) {
                return;
            }
            timeout = true;
            step = true;
        }
        if (!step && !atBreakpoint) {
            return;
        }
        String reason = "step over";
        if (atBreakpoint) {
            reason = luaBreakpoint ? "redis.breakpoint() called" : "break point";
        } else if (timeout) {
            reason = "timeout reached, infinite loop?";
        }
        step = false;
        luaBreakpoint = false;
        log("* Stopped at " + line + ", stop reason = " + reason);
        logSourceLine(line);
        sendLogs();
        if (!repl() && timeout) {
            throw LuaErrors.raise("timeout during Lua debugging with client closing connection");
        }
        stoppedAtNanos = System.nanoTime();
    }

    /** Reads debugger commands until one resumes the script; false when the client went away. */
    private boolean repl() {
        while (true) {
            Object request = DISCONNECTED;
            if (!clientGone) {
                try {
                    request = input.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (request == DISCONNECTED) {
                // As a read from a closed socket, every later stop finds the client gone too.
                clientGone = true;
                step = false;
                breakpointCount = 0;
                return false;
            }
            if (!(request instanceof byte[][] argv) || !parsable(argv)) {
                throw LuaErrors.raise("protocol error");
            }
            String command = DebugText.latin1(argv[0], 0, argv[0].length).toLowerCase(Locale.ROOT);
            switch (command) {
                case "h", "help" -> help();
                case "s", "step", "n", "next" -> {
                    step = true;
                    return true;
                }
                case "c", "continue" -> {
                    return true;
                }
                case "t", "trace" -> trace();
                case "m", "maxlen" -> maxlen(argv);
                case "b", "break" -> breakpoints(argv);
                case "e", "eval" -> eval(argv);
                case "a", "abort" -> throw LuaErrors.raise("script aborted for user request");
                default -> other(command, argv);
            }
            sendLogs();
        }
    }

    /** What Redis's small parser of the debugging client's requests accepts. */
    private static boolean parsable(byte[][] argv) {
        if (argv.length == 0 || argv.length > MAX_ARGS) {
            return false;
        }
        for (byte[] arg : argv) {
            if (arg.length == 0 || arg.length > MAX_ARGS) {
                return false;
            }
        }
        return true;
    }

    private void other(String command, byte[][] argv) {
        if (argv.length > 1 && (command.equals("r") || command.equals("redis"))) {
            redis(argv);
        } else if (command.equals("p") || command.equals("print")) {
            if (argv.length == 2) {
                print(DebugText.latin1(argv[1], 0, argv[1].length));
            } else {
                printAll();
            }
        } else if (command.equals("l") || command.equals("list")) {
            int around = currentLine;
            int context = 5;
            if (argv.length > 1) {
                int n = Numbers.atoi(argv[1]);
                if (n > 0) {
                    around = n;
                }
            }
            if (argv.length > 2) {
                context = Numbers.atoi(argv[2]);
            }
            list(around, context);
        } else if (command.equals("w") || command.equals("whole")) {
            list(1, 1000000);
        } else {
            log("<error> Unknown Redis Lua debugger command or wrong number of arguments.");
        }
    }

    private void help() {
        for (String line : new String[] {
            "Redis Lua debugger help:",
            "[h]elp               Show this help.",
            "[s]tep               Run current line and stop again.",
            "[n]ext               Alias for step.",
            "[c]ontinue           Run till next breakpoint.",
            "[l]ist               List source code around current line.",
            "[l]ist [line]        List source code around [line].",
            "                     line = 0 means: current position.",
            "[l]ist [line] [ctx]  In this form [ctx] specifies how many lines",
            "                     to show before/after [line].",
            "[w]hole              List all source code. Alias for 'list 1 1000000'.",
            "[p]rint              Show all the local variables.",
            "[p]rint <var>        Show the value of the specified variable.",
            "                     Can also show global vars KEYS and ARGV.",
            "[b]reak              Show all breakpoints.",
            "[b]reak <line>       Add a breakpoint to the specified line.",
            "[b]reak -<line>      Remove breakpoint from the specified line.",
            "[b]reak 0            Remove all breakpoints.",
            "[t]race              Show a backtrace.",
            "[e]val <code>        Execute some Lua code (in a different callframe).",
            "[r]edis <cmd>        Execute a Redis command.",
            "[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.",
            "                     Specifying zero as <len> means unlimited.",
            "[a]bort              Stop the execution of the script. In sync",
            "                     mode dataset changes will be retained.",
            "",
            "Debugger functions you can call from Lua scripts:",
            "redis.debug()        Produce logs in the debugger console.",
            "redis.breakpoint()   Stop execution like if there was a breakpoint in the",
            "                     next line of code."}) {
            log(line);
        }
    }

    private String sourceLine(int line) {
        int i = line - 1;
        return i < 0 || i >= source.length ? "<out of range source code line>" : source[i];
    }

    private void logSourceLine(int line) {
        boolean current = currentLine == line;
        boolean bp = isBreakpoint(line);
        String prefix = current && bp ? "->#" : current ? "-> " : bp ? "  #" : "   ";
        String number = Integer.toString(line);
        StringBuilder text = new StringBuilder(prefix).append(number);
        for (int i = number.length(); i < 3; i++) {
            text.append(' ');
        }
        log(text.append(' ').append(sourceLine(line)).toString());
    }

    private void list(int around, int context) {
        for (int j = 1; j <= source.length; j++) {
            if (around != 0 && Math.abs(around - j) > context) {
                continue;
            }
            logSourceLine(j);
        }
    }

    private boolean isBreakpoint(int line) {
        for (int j = 0; j < breakpointCount; j++) {
            if (breakpoints[j] == line) {
                return true;
            }
        }
        return false;
    }

    private void breakpoints(byte[][] argv) {
        if (argv.length == 1) {
            if (breakpointCount == 0) {
                log("No breakpoints set. Use 'b <line>' to add one.");
            } else {
                log(breakpointCount + " breakpoints set:");
                for (int j = 0; j < breakpointCount; j++) {
                    logSourceLine(breakpoints[j]);
                }
            }
            return;
        }
        for (int j = 1; j < argv.length; j++) {
            String arg = DebugText.latin1(argv[j], 0, argv[j].length);
            Long line = strictLong(arg);
            if (line == null) {
                log("Invalid argument:'" + arg + "'");
            } else if (line == 0) {
                breakpointCount = 0;
                log("All breakpoints removed.");
            } else if (line > 0) {
                if (breakpointCount == MAX_BREAKPOINTS) {
                    log("Too many breakpoints set.");
                } else if (line <= source.length && !isBreakpoint(line.intValue())) {
                    breakpoints[breakpointCount++] = line.intValue();
                    list(line.intValue(), 1);
                } else {
                    log("Wrong line number.");
                }
            } else {
                log(removeBreakpoint(-line) ? "Breakpoint removed." : "No breakpoint in the specified line.");
            }
        }
    }

    /**
     * Removes a breakpoint as Redis 7.0 does: its memmove shifts (count - index) bytes of the int array rather
     * than that many entries, so the list left behind is what those moved bytes make (on a little-endian host).
     */
    private boolean removeBreakpoint(long line) {
        for (int j = 0; j < breakpointCount; j++) {
            if (breakpoints[j] == line) {
                breakpointCount--;
                int bytes = breakpointCount - j;
                byte[] raw = new byte[MAX_BREAKPOINTS * 4];
                for (int i = 0; i < MAX_BREAKPOINTS; i++) {
                    for (int b = 0; b < 4; b++) {
                        raw[i * 4 + b] = (byte) (breakpoints[i] >>> (8 * b));
                    }
                }
                System.arraycopy(raw, (j + 1) * 4, raw, j * 4, bytes);
                for (int i = 0; i < MAX_BREAKPOINTS; i++) {
                    int v = 0;
                    for (int b = 0; b < 4; b++) {
                        v |= (raw[i * 4 + b] & 0xff) << (8 * b);
                    }
                    breakpoints[i] = v;
                }
                return true;
            }
        }
        return false;
    }

    private void maxlen(byte[][] argv) {
        if (argv.length == 2) {
            int value = Numbers.atoi(argv[1]);
            maxlenHintSent = true;
            if (value != 0 && value <= 60) {
                value = 60;
            }
            maxlen = value;
        }
        log(maxlen != 0 ? "<value> replies are truncated at " + maxlen + " bytes." : "<value> replies are unlimited.");
    }

    private void print(String name) {
        for (int level = 0; level < hook.frameCount(); level++) {
            ScriptHook.Frame f = hook.frame(level);
            if (f.closure == null) {
                continue;
            }
            for (int i = 1; ; i++) {
                LuaString local = f.closure.p.getlocalname(i, f.pc);
                if (local == null) {
                    break;
                }
                if (local.tojstring().equals(name)) {
                    logWithMaxLen("<value> " + DebugText.value(f.stack[i - 1]));
                    return;
                }
            }
        }
        if (name.equals("ARGV") || name.equals("KEYS")) {
            logWithMaxLen("<value> " + DebugText.value(sandbox.env().rawget(name)));
        } else {
            log("No such variable.");
        }
    }

    private void printAll() {
        int vars = 0;
        if (hook.frameCount() > 0 && hook.frame(0).closure != null) {
            ScriptHook.Frame f = hook.frame(0);
            for (int i = 1; ; i++) {
                LuaString local = f.closure.p.getlocalname(i, f.pc);
                if (local == null) {
                    break;
                }
                logWithMaxLen("<value> " + DebugText.latin1(local) + " = " + DebugText.value(f.stack[i - 1]));
                vars++;
            }
        }
        if (vars == 0) {
            log("No local variables in the current context.");
        }
    }

    private void trace() {
        int levels = hook.frameCount();
        for (int level = 0; level < levels; level++) {
            ScriptHook.Frame f = hook.frame(level);
            if (!f.inUserScript()) {
                continue;
            }
            String name = level + 1 < levels ? calledName(hook.frame(level + 1)) : null;
            log((level == 0 ? "In" : "From") + " " + (name != null ? name : "top level") + ":");
            logSourceLine(f.line());
        }
        if (levels == 0) {
            log("<error> Can't retrieve Lua stack.");
        }
    }

    /** The name a Lua caller called its callee by (a global, local, field or method), as Lua's getfuncname finds it. */
    private static String calledName(ScriptHook.Frame caller) {
        if (caller.closure == null || caller.pc < 0) {
            return null;
        }
        Prototype p = caller.closure.p;
        int call = p.code[caller.pc];
        if (Lua.GET_OPCODE(call) != Lua.OP_CALL) {
            return null;
        }
        return registerName(p, caller.pc, Lua.GETARG_A(call));
    }

    private static String registerName(Prototype p, int pc, int register) {
        LuaString local = p.getlocalname(register + 1, pc);
        if (local != null) {
            return DebugText.latin1(local);
        }
        for (int i = pc - 1; i >= 0; i--) {
            int ins = p.code[i];
            int op = Lua.GET_OPCODE(ins);
            if (Lua.GETARG_A(ins) != register) {
                continue;
            }
            switch (op) {
                case Lua.OP_MOVE -> {
                    int from = Lua.GETARG_B(ins);
                    return from < register ? registerName(p, i, from) : null;
                }
                case Lua.OP_GETTABUP, Lua.OP_GETTABLE, Lua.OP_SELF -> {
                    int key = Lua.GETARG_C(ins);
                    return Lua.ISK(key) && p.k[Lua.INDEXK(key)].isstring() ? p.k[Lua.INDEXK(key)].tojstring() : null;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private void eval(byte[][] argv) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (int i = 1; i < argv.length; i++) {
            if (i > 1) {
                code.write(' ');
            }
            code.writeBytes(argv[i]);
        }
        ByteArrayOutputStream expression = new ByteArrayOutputStream();
        expression.writeBytes("return ".getBytes(StandardCharsets.US_ASCII));
        expression.writeBytes(code.toByteArray());
        LuaFunction chunk;
        try {
            chunk = sandbox.compile(expression.toByteArray(), "@ldb_eval", sandbox.env());
        } catch (LuaError asExpression) {
            try {
                chunk = sandbox.compile(code.toByteArray(), "@ldb_eval", sandbox.env());
            } catch (LuaError e) {
                log("<error> " + LuaErrors.normalize(LuaErrors.message(e)));
                return;
            }
        }
        LuaValue result;
        try {
            result = chunk.call();
        } catch (LuaError e) {
            LuaValue error = LuaErrors.value(e);
            log("<error> " + (error.isstring() ? DebugText.latin1(error.checkstring()) : "(null)"));
            return;
        }
        logWithMaxLen("<retval> " + DebugText.value(result));
    }

    /** The debugger's redis command: redis.call while stepping, so the command and its reply are logged. */
    private void redis(byte[][] argv) {
        LuaValue[] args = new LuaValue[argv.length - 1];
        for (int i = 1; i < argv.length; i++) {
            args[i - 1] = LuaValue.valueOf(argv[i]);
        }
        step = true;
        try {
            sandbox.env().rawget("redis").get("call").invoke(LuaValue.varargsOf(args));
        } catch (LuaError ignored) {
            // Logged as the command's error or reply.
        } finally {
            step = false;
        }
    }

    private void log(String entry) {
        logs.add(entry);
    }

    /** Trims an entry to maxlen bytes, telling the user once how to see it whole. */
    private void logWithMaxLen(String entry) {
        boolean trimmed = false;
        if (maxlen != 0 && entry.length() > maxlen) {
            entry = entry.substring(0, maxlen) + " ...";
            trimmed = true;
        }
        log(entry);
        if (trimmed && !maxlenHintSent) {
            maxlenHintSent = true;
            log("<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.");
        }
    }

    /** Writes the pending log entries to the client as one multi-bulk of status replies. */
    void sendLogs() {
        StringBuilder out = new StringBuilder("*").append(logs.size()).append("\r\n");
        for (String entry : logs) {
            out.append('+').append(entry.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
        }
        logs.clear();
        Channel channel = client.channel();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(out.toString().getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    /** The end mark redis-cli waits for; the script's reply follows it. */
    void end() {
        log("<endsession>");
        sendLogs();
    }

    /** Redis's string2l: the whole string is a decimal integer, no blanks, no leading zeros, no "+". */
    private static Long strictLong(String s) {
        if (s.isEmpty() || s.length() > 20 || s.startsWith("+") || s.startsWith("0") && s.length() > 1
                || s.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
