package dev.keyslot.datanode.scripting;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.DebugLib;

import java.lang.reflect.Field;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the variable in a failed operation's error as Lua 5.1 does: "attempt to index local 'x' (a nil value)",
 * "attempt to perform arithmetic on field 'count' (a boolean value)", "attempt to call method 'bad' (a nil value)".
 * luaj says "?" or only the types; it calls {@link #named} with the failing function's prototype and instruction
 * when an error leaves Lua code (a build step rewires LuaClosure.processErrorHooks, see
 * src/build/java/LuajPatches.java), and the name is found from the bytecode with luaj's own getobjname. Just before,
 * the failing frame's registers are handed over ({@link #registers}), so the operand blamed is the one Lua 5.1 blames
 * by value: the first operand of an arithmetic unless it converts to a number, the operands of a comparison by their
 * types, the operand of a concatenation that is neither string nor number. Errors whose operand has no name (a
 * constant, a temporary) keep luaj's text, which {@link LuaMessages} rewords.
 */
public final class LuaVariableNames {
    /** luaj words a failed read "attempt to index ? (a nil value)" and a failed write "index expected, got nil". */
    private static final Pattern INDEX = Pattern.compile("attempt to index \\? \\(a (\\w+) value\\)|index expected, got (\\w+)$");
    private static final Pattern ARITHMETIC = Pattern.compile("attempt to perform arithmetic (?:__\\w+ )?on (\\w+)(?: and (\\w+))?");
    private static final Pattern CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
    private static final Pattern LENGTH = Pattern.compile("attempt to get length of (\\w+)");
    private static final Pattern CALL = Pattern.compile("attempt to call (\\w+)");
    private static final Pattern COMPARE = Pattern.compile("attempt to compare [^\\n]*");
    /** The registers of the frame whose error is being named, from the failing LuaClosure.execute. */
    private static final ThreadLocal<LuaValue[]> REGISTERS = new ThreadLocal<>();
    private static final Pattern NUMBER_KEY = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Field NAME;
    private static final Field KIND;

    static {
        try {
            Class<?> nameWhat = Class.forName("org.luaj.vm2.lib.DebugLib$NameWhat");
            NAME = nameWhat.getDeclaredField("name");
            KIND = nameWhat.getDeclaredField("namewhat");
            NAME.setAccessible(true);
            KIND.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private LuaVariableNames() {
    }

    /** Called by LuaClosure.execute with its registers just before it names the error of one of its instructions. */
    public static void registers(LuaValue[] stack) {
        REGISTERS.set(stack);
    }

    /**
     * The error's text (luaj's message with its traceback, just made) with the operand named where Lua 5.1 would name
     * it, or the function of an argument error named as the call names it.
     */
    public static String named(LuaError error, Prototype p, int pc) {
        LuaValue[] registers = REGISTERS.get();
        REGISTERS.remove();
        String text = error.getMessage();
        if (text == null || p == null || pc < 0 || pc >= p.code.length) {
            return text;
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        String renamed = error instanceof ArgumentError argumentError ? calledAs(line, argumentError, p, pc)
                : rename(line, p, pc, registers);
        return renamed == null ? text : renamed + (end < 0 ? "" : text.substring(end));
    }

    private static String rename(String line, Prototype p, int pc, LuaValue[] registers) {
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        Matcher m = INDEX.matcher(line);
        if (m.find()) {
            String name = switch (op) {
                case Lua.OP_GETTABLE, Lua.OP_SELF -> register(p, pc, Lua.GETARG_B(i));
                case Lua.OP_SETTABLE -> register(p, pc, Lua.GETARG_A(i));
                case Lua.OP_GETTABUP -> upvalue(p, Lua.GETARG_B(i));
                case Lua.OP_SETTABUP -> upvalue(p, Lua.GETARG_A(i));
                default -> null;
            };
            return replace(line, m, "index", name, m.group(1) != null ? m.group(1) : m.group(2));
        }
        m = ARITHMETIC.matcher(line);
        if (m.find() && op >= Lua.OP_ADD && op <= Lua.OP_UNM) {
            if (registers != null) {
                // Lua 5.1 blames the first operand unless it converts to a number.
                boolean second = op != Lua.OP_UNM && convertsToNumber(rk(p, registers, Lua.GETARG_B(i)));
                int operand = second ? Lua.GETARG_C(i) : Lua.GETARG_B(i);
                return replace(line, m, "perform arithmetic on", rk(p, pc, operand), rk(p, registers, operand).typename());
            }
            boolean second = m.group(2) != null && !culprit(m.group(1)) && culprit(m.group(2));
            int operand = op == Lua.OP_UNM || !second ? Lua.GETARG_B(i) : Lua.GETARG_C(i);
            String type = second ? m.group(2) : m.group(1);
            return replace(line, m, "perform arithmetic on", rk(p, pc, operand), type);
        }
        m = COMPARE.matcher(line);
        if (m.find() && (op == Lua.OP_LT || op == Lua.OP_LE) && registers != null) {
            // Worded as luaj words a failed comparison, which LuaMessages turns into Lua 5.1's text.
            return line.substring(0, m.start()) + "attempt to compare __lt on "
                    + rk(p, registers, Lua.GETARG_B(i)).typename() + " and " + rk(p, registers, Lua.GETARG_C(i)).typename();
        }
        m = CONCAT.matcher(line);
        if (m.find() && op == Lua.OP_CONCAT && registers != null) {
            int culprit = concatCulprit(registers, Lua.GETARG_B(i), Lua.GETARG_C(i));
            return replace(line, m, "concatenate", register(p, pc, culprit), registers[culprit].typename());
        }
        if (m.find(0) && op == Lua.OP_CONCAT && Lua.GETARG_C(i) == Lua.GETARG_B(i) + 1) {
            boolean first = !m.group(1).equals("string") && !m.group(1).equals("number");
            int register = first ? Lua.GETARG_B(i) : Lua.GETARG_C(i);
            return replace(line, m, "concatenate", register(p, pc, register), first ? m.group(1) : m.group(2));
        }
        m = LENGTH.matcher(line);
        if (m.find() && op == Lua.OP_LEN) {
            return replace(line, m, "get length of", register(p, pc, Lua.GETARG_B(i)), m.group(1));
        }
        m = CALL.matcher(line);
        if (m.find() && (op == Lua.OP_CALL || op == Lua.OP_TAILCALL)) {
            return replace(line, m, "call", register(p, pc, Lua.GETARG_A(i)), m.group(1));
        }
        return null;
    }

    /** The operand Lua 5.1 blames in arithmetic: one that is not a number (a string may be one; blamed last). */
    private static boolean culprit(String type) {
        return !type.equals("number") && !type.equals("string");
    }

    private static String replace(String line, Matcher m, String operation, String name, String type) {
        if (name == null) {
            return null;
        }
        return line.substring(0, m.start()) + "attempt to " + operation + " " + name + " (a " + type + " value)"
                + line.substring(m.end());
    }

    /**
     * An argument error raised by the function a CALL instruction called, as luaL_argerror words it from the call:
     * the function named as the call site names it (a local, a global, a field, a method; '?' when it has no name), and
     * a method call not counting self ("calling 'f' on bad self" when self is the bad argument).
     */
    private static String calledAs(String line, ArgumentError error, Prototype p, int pc) {
        int i = p.code[pc];
        int at = line.indexOf("bad argument #");
        if (at < 0 || Lua.GET_OPCODE(i) != Lua.OP_CALL) {
            return null;
        }
        String[] kindAndName = objectName(p, pc, Lua.GETARG_A(i));
        String name = kindAndName == null ? "?" : kindAndName[1];
        int argument = error.argument;
        if (kindAndName != null && kindAndName[0].equals("method")) {
            argument--;
            if (argument == 0) {
                return line.substring(0, at) + "calling '" + name + "' on bad self (" + error.detail + ")";
            }
        }
        return line.substring(0, at) + ArgumentError.text(argument, name, error.detail);
    }

    /** What luaj's getobjname finds for a register at pc, as Lua 5.1 would name it: {kind, name}, or null. */
    private static String[] objectName(Prototype p, int pc, int register) {
        Object found = DebugLib.getobjname(p, pc, register);
        if (found == null) {
            return null;
        }
        try {
            String kind = (String) KIND.get(found);
            String name = (String) NAME.get(found);
            // Lua 5.1 names locals, globals, fields, upvalues and methods; luaj's "constant" is not among them.
            if (kind == null || name == null || kind.equals("constant")) {
                return null;
            }
            // A field or method read with a number for key is '?' in Lua 5.1, which names string keys only.
            return new String[] {kind, NUMBER_KEY.matcher(name).matches() && !kind.equals("local") ? "?" : name};
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /**
     * The operand of first..last that Lua 5.1's concatenation fails on: it joins from the right, so when the last
     * operand is not a string or number the pair before it decides (the left one if it is bad too, else the last),
     * and otherwise the rightmost bad operand fails against the text joined to its right.
     */
    private static int concatCulprit(LuaValue[] registers, int first, int last) {
        if (!joinable(registers[last])) {
            return joinable(registers[last - 1]) ? last : last - 1;
        }
        int culprit = last - 1;
        while (culprit > first && joinable(registers[culprit])) {
            culprit--;
        }
        return culprit;
    }

    /** Whether arithmetic takes v as a number. */
    private static boolean convertsToNumber(LuaValue v) {
        return LuaArgs.asNumber(v) != null;
    }

    private static boolean joinable(LuaValue v) {
        return v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER;
    }

    /** An RK operand's value: a constant, or a register. */
    private static LuaValue rk(Prototype p, LuaValue[] registers, int operand) {
        return Lua.ISK(operand) ? p.k[Lua.INDEXK(operand)] : registers[operand];
    }

    /** An RK operand: constants have no name. */
    private static String rk(Prototype p, int pc, int operand) {
        return Lua.ISK(operand) ? null : register(p, pc, operand);
    }

    private static String register(Prototype p, int pc, int register) {
        String[] kindAndName = objectName(p, pc, register);
        return kindAndName == null ? null : kindAndName[0] + " '" + kindAndName[1] + "'";
    }

    private static String upvalue(Prototype p, int index) {
        if (p.upvalues == null || index >= p.upvalues.length || p.upvalues[index].name == null) {
            return null;
        }
        String name = p.upvalues[index].name.tojstring();
        return name.equals("_ENV") ? null : "upvalue '" + name + "'";
    }
}
