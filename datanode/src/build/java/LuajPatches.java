import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Build step (process-classes, see datanode/pom.xml): writes into the module's classes copies of luaj classes in
 * which a few methods call into the data node's scripting package, where luaj (a Lua 5.2) does not behave as the
 * C Lua 5.1 inside Redis:
 * <ul>
 *   <li>LuaDouble.tojstring(): numbers become text as "%.14g" (LuaNumberText);</li>
 *   <li>LexState.str2d(String, SemInfo): numerals are read as Lua 5.1 reads them, and a malformed one is the
 *       compile error "malformed number near '1e'" instead of a NumberFormatException (LuaNumerals);</li>
 *   <li>LexState.lexerror(String, int): syntax errors name the token they stopped at, "near 'x'" (LuaSyntaxErrors);</li>
 *   <li>the rest of LexState where Lua 5.2's syntax differs from Lua 5.1's: exprstat takes a call as a statement
 *       whatever follows it and otherwise an assignment; skipShebang does not skip a '#' line; "goto" is not reserved and llex reads "::" as two ':', as Lua 5.1 has neither
 *       goto nor labels; read_string keeps the letter of \x and \z; gotostat refuses a break outside a loop;
 *       statlist ends a block at return or break and takes one ';' after a statement, never on its own;</li>
 *   <li>LuaClosure.processErrorHooks(LuaError, Prototype, int), at its end: a failed operation's error names the
 *       variable, "attempt to index local 'x' (a nil value)", and a called function's argument error names it as
 *       the call does (LuaVariableNames);</li>
 *   <li>LuaString.scannumber(): a string used as a number is read as C's strtod reads it (LuaNumerals), and the
 *       methods that scan it tell "no number" from a NaN read from "nan" (LuaNumerals.notANumber);
 *       LuaDouble.ddiv and ddiv_d divide as IEEE 754 does, dmod and dmod_d take Lua 5.1's a - floor(a/b)*b, and add and
 *       mul of two NaNs give the left one, so NaNs keep the sign bits Lua 5.1 gives them on x86-64;</li>
 *   <li>JseMathLib.dpow_lib and JseMathLib$pow.call: ^ and math.pow are C's pow (CMath);</li>
 *   <li>LuaString.hashCode(byte[], int, int): strings hash as in Redis's Lua (LuaStringHash), which decides where
 *       org.luaj.vm2.LuaTable (the data node's Lua 5.1 table, compiled from src/main/java) keeps string keys;</li>
 *   <li>LuaDouble.valueOf(double), LuaInteger.neg() and LuaInteger.mul(int): a negative zero stays a number of its
 *       own, as in C Lua, whose numbers are all doubles (luaj made -0 the integer 0, so -x printed 0 where Redis
 *       prints -0); FuncState.numberK keeps a -0 constant, and addk keeps 0 and -0 as one constant, as Lua
 *       5.1's constant table does (ConstantKeys);</li>
 *   <li>LuaClosure.execute hands its registers to LuaVariableNames before it names an error, so the operand Lua 5.1
 *       blames is found by value;</li>
 *   <li>LuaThread$State.run: a coroutine's failure is recorded by CoroutineFailures, so resume answers with the
 *       error value itself (a table, nil, a message without a position), where luaj keeps only its text;</li>
 *   <li>LuaClosure.execute, TFORCALL: the generic for calls its iterator through YieldBoundary.iterate, so a
 *       coroutine.yield inside the iterator is refused as in Lua 5.1;</li>
 *   <li>LuaClosure.execute, two instructions' implementations: NEWTABLE sizes the table from its operands decoded
 *       as Lua's "floating point byte" (luaj passes them encoded), and SETLIST with a variable number of values
 *       (a constructor ending in ... or a call) sizes the array part for them first, as Lua 5.1 does
 *       (TableConstructorSizes).</li>
 * </ul>
 * The copies come before the luaj jar on the test classpath and replace its classes in the shaded jar and the image.
 * luaj's classes are Java 1.3 class files, so the new bodies need no stack map frames. Run with the compile classpath
 * (luaj and asm); the argument is the classes directory. Running it again changes nothing.
 */
public final class LuajPatches {
    private static final String SCRIPTING = "dev/keyslot/datanode/scripting/";
    private static final String LEX_STATE = "org/luaj/vm2/compiler/LexState";
    private static final String LUA_CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String EXECUTE = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";
    private static final String LUA_VALUE = "Lorg/luaj/vm2/LuaValue;";
    private static final int TK_NUMBER = 287;
    private static final int TK_RETURN = 274;
    private static final int TK_BREAK = 258;
    /** luaj's expression kind of a call. */
    private static final int VCALL = 12;

    /** A method's new body, or (beforeReturn) code run before each of its returns. */
    private record MethodPatch(String owner, String name, String descriptor, boolean beforeReturn,
                               Consumer<MethodVisitor> body) {
    }

    /** Changes to some instructions of a method, made by a visitor that counts them: expected changes, no more. */
    private record MethodRewrite(String owner, String name, String descriptor, int expected,
                                 Function<MethodVisitor, CountingVisitor> visitor) {
    }

    private abstract static class CountingVisitor extends MethodVisitor {
        int rewrites;

        CountingVisitor(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }
    }

    private static final String LUA_DOUBLE = "org/luaj/vm2/LuaDouble";
    private static final String LUA_INTEGER = "org/luaj/vm2/LuaInteger";
    private static final String HASHTABLE = "java/util/Hashtable";
    private static final String JSE_MATH = "org/luaj/vm2/lib/jse/JseMathLib";

    private static final String LUA_STRING = "org/luaj/vm2/LuaString";

    /** LuaString's methods that read the string with scannumber() and take a NaN from it for "no number". */
    private static final List<String[]> SCANNING_METHODS = List.of(
            new String[] {"neg", "()" + LUA_VALUE},
            new String[] {"add", "(" + LUA_VALUE + ")" + LUA_VALUE},
            new String[] {"sub", "(" + LUA_VALUE + ")" + LUA_VALUE},
            new String[] {"mul", "(" + LUA_VALUE + ")" + LUA_VALUE},
            new String[] {"div", "(" + LUA_VALUE + ")" + LUA_VALUE},
            new String[] {"mod", "(" + LUA_VALUE + ")" + LUA_VALUE},
            new String[] {"pow", "(" + LUA_VALUE + ")" + LUA_VALUE},
            new String[] {"checkarith", "()D"},
            new String[] {"checkdouble", "()D"},
            new String[] {"checknumber", "(Ljava/lang/String;)Lorg/luaj/vm2/LuaNumber;"},
            new String[] {"isnumber", "()Z"},
            new String[] {"isint", "()Z"},
            new String[] {"islong", "()Z"},
            new String[] {"todouble", "()D"},
            new String[] {"tonumber", "()" + LUA_VALUE});

    private static final List<MethodRewrite> REWRITES = Stream.concat(SCANNING_METHODS.stream()
            .map(m -> new MethodRewrite(LUA_STRING, m[0], m[1], 1, LuajPatches::scannedNumberCheck)), Stream.of(
            // addk's lookups and insertion in its table of constants: the key through ConstantKeys.of.
            new MethodRewrite("org/luaj/vm2/compiler/FuncState", "addk", "(Lorg/luaj/vm2/LuaValue;)I", 3,
                    m -> new CountingVisitor(m) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    if (owner.equals(HASHTABLE) && (name.equals("containsKey") || name.equals("get"))) {
                        constantKey();
                        rewrites++;
                    } else if (owner.equals(HASHTABLE) && name.equals("put")) {
                        super.visitInsn(Opcodes.SWAP);
                        constantKey();
                        super.visitInsn(Opcodes.SWAP);
                        rewrites++;
                    }
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                }

                private void constantKey() {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "ConstantKeys", "of",
                            "(Ljava/lang/Object;)Ljava/lang/Object;", false);
                }
            }),
            // Both places where execute names a failed instruction's error first hand its registers (local 1) over.
            new MethodRewrite(LUA_CLOSURE, "execute", EXECUTE, 2, m -> new CountingVisitor(m) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    if (owner.equals(LUA_CLOSURE) && name.equals("processErrorHooks")) {
                        super.visitVarInsn(Opcodes.ALOAD, 1);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaVariableNames", "registers",
                                "([Lorg/luaj/vm2/LuaValue;)V", false);
                        rewrites++;
                    }
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                }
            }),
            // TFORCALL: the generic for calls its iterator through YieldBoundary.iterate, so a yield sees that call.
            new MethodRewrite(LUA_CLOSURE, "execute", EXECUTE, 1, m -> new CountingVisitor(m) {
                private boolean pairedArguments;

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    boolean iteratorCall = pairedArguments && name.equals("invoke")
                            && descriptor.equals("(Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;");
                    pairedArguments = name.equals("varargsOf")
                            && descriptor.equals("(" + LUA_VALUE + "Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;");
                    if (iteratorCall) {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "YieldBoundary", "iterate",
                                "(" + LUA_VALUE + "Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;", false);
                        rewrites++;
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                }

                @Override
                public void visitInsn(int opcode) {
                    pairedArguments = false;
                    super.visitInsn(opcode);
                }

                @Override
                public void visitVarInsn(int opcode, int var) {
                    pairedArguments = false;
                    super.visitVarInsn(opcode, var);
                }
            }),
            // A coroutine's failure is handed to CoroutineFailures with its State (this), which also gives the text
            // luaj keeps: [this, t] -> [this, text], in place of t.getMessage().
            new MethodRewrite("org/luaj/vm2/LuaThread$State", "run", "()V", 1, m -> new CountingVisitor(m) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    if (owner.equals("java/lang/Throwable") && name.equals("getMessage")) {
                        super.visitInsn(Opcodes.DUP2);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "CoroutineFailures", "failed",
                                "(Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/String;", false);
                        super.visitInsn(Opcodes.SWAP);
                        super.visitInsn(Opcodes.POP);
                        rewrites++;
                        return;
                    }
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                }
            }),
            // llex: a ':' followed by another is two ':' tokens, as in Lua 5.1, not the "::" of Lua 5.2's labels.
            new MethodRewrite(LEX_STATE, "llex", "(L" + LEX_STATE + "$SemInfo;)I", 1, m -> new CountingVisitor(m) {
                private boolean afterColon;

                @Override
                public void visitIntInsn(int opcode, int operand) {
                    super.visitIntInsn(opcode, operand);
                    afterColon = opcode == Opcodes.BIPUSH && operand == ':';
                }

                @Override
                public void visitJumpInsn(int opcode, Label label) {
                    if (afterColon && opcode == Opcodes.IF_ICMPEQ) {
                        super.visitInsn(Opcodes.POP2);
                        rewrites++;
                    } else {
                        super.visitJumpInsn(opcode, label);
                    }
                    afterColon = false;
                }
            }),
            // read_string: \x and \z are Lua 5.2's escapes; Lua 5.1 keeps the letter ("\x41" is "x41"), as luaj's
            // default case does for any other letter.
            new MethodRewrite(LEX_STATE, "read_string", "(IL" + LEX_STATE + "$SemInfo;)V", 1, m -> new CountingVisitor(m) {
                @Override
                public void visitLookupSwitchInsn(Label otherwise, int[] keys, Label[] labels) {
                    List<Integer> kept = new ArrayList<>();
                    for (int k = 0; k < keys.length; k++) {
                        if (keys[k] != 'x' && keys[k] != 'z') {
                            kept.add(k);
                        }
                    }
                    if (kept.size() == keys.length) {
                        super.visitLookupSwitchInsn(otherwise, keys, labels);
                        return;
                    }
                    super.visitLookupSwitchInsn(otherwise, kept.stream().mapToInt(k -> keys[k]).toArray(),
                            kept.stream().map(k -> labels[k]).toArray(Label[]::new));
                    rewrites++;
                }
            }),
            // gotostat (now only reached for break): once past the keyword, Lua 5.1's check for an enclosing loop,
            // "no loop to break near 'x'", where Lua 5.2 names a missing label at the end of the function.
            new MethodRewrite(LEX_STATE, "gotostat", "(I)V", 1, m -> new CountingVisitor(m) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                    if (owner.equals(LEX_STATE) && name.equals("next")) {
                        breakInsideLoop();
                        rewrites++;
                    }
                }

                private void breakInsideLoop() {
                    String funcState = "org/luaj/vm2/compiler/FuncState";
                    String block = funcState + "$BlockCnt";
                    Label loop = new Label();
                    Label none = new Label();
                    Label found = new Label();
                    Label done = new Label();
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE, "fs", "L" + funcState + ";");
                    super.visitFieldInsn(Opcodes.GETFIELD, funcState, "bl", "L" + block + ";");
                    super.visitLabel(loop);
                    super.visitInsn(Opcodes.DUP);
                    super.visitJumpInsn(Opcodes.IFNULL, none);
                    super.visitInsn(Opcodes.DUP);
                    super.visitFieldInsn(Opcodes.GETFIELD, block, "isloop", "Z");
                    super.visitJumpInsn(Opcodes.IFNE, found);
                    super.visitFieldInsn(Opcodes.GETFIELD, block, "previous", "L" + block + ";");
                    super.visitJumpInsn(Opcodes.GOTO, loop);
                    super.visitLabel(none);
                    super.visitInsn(Opcodes.POP);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitLdcInsn("no loop to break");
                    super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "syntaxerror", "(Ljava/lang/String;)V", false);
                    super.visitJumpInsn(Opcodes.GOTO, done);
                    super.visitLabel(found);
                    super.visitInsn(Opcodes.POP);
                    super.visitLabel(done);
                }
            }),
            // NEWTABLE: new LuaTable(B, C) with both operands decoded.
            new MethodRewrite(LUA_CLOSURE, "execute", EXECUTE, 1, m -> new CountingVisitor(m) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    if (opcode == Opcodes.INVOKESPECIAL && owner.equals("org/luaj/vm2/LuaTable") && name.equals("<init>")
                            && descriptor.equals("(II)V")) {
                        decode();
                        super.visitInsn(Opcodes.SWAP);
                        decode();
                        super.visitInsn(Opcodes.SWAP);
                        rewrites++;
                    }
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                }

                private void decode() {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "TableConstructorSizes", "decode", "(I)I", false);
                }
            }),
            // SETLIST with B == 0: once luaj has counted the values (n, local 5; the offset (C-1)*50 is local 14, the
            // table local 9, and the count of values on the stack is stored in local 15), presize(offset + n).
            new MethodRewrite(LUA_CLOSURE, "execute", EXECUTE, 1, m -> new CountingVisitor(m) {
                private int matched;

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, itf);
                    matched = owner.equals("org/luaj/vm2/Varargs") && name.equals("narg") ? 1 : 0;
                }

                @Override
                public void visitInsn(int opcode) {
                    super.visitInsn(opcode);
                    matched = matched == 1 && opcode == Opcodes.ISUB ? 2 : 0;
                }

                @Override
                public void visitVarInsn(int opcode, int var) {
                    super.visitVarInsn(opcode, var);
                    if (matched == 2 && opcode == Opcodes.ISTORE && var == 15) {
                        super.visitVarInsn(Opcodes.ALOAD, 9);
                        super.visitVarInsn(Opcodes.ILOAD, 14);
                        super.visitVarInsn(Opcodes.ILOAD, 5);
                        super.visitInsn(Opcodes.IADD);
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaValue", "presize", "(I)V", false);
                        rewrites++;
                    }
                    matched = 0;
                }
            }))).toList();

    /**
     * The Double.isNaN check after scannumber() becomes LuaNumerals.notANumber: the scan's "no number" is one
     * particular NaN, so a string reading "nan" is a number, as luaO_str2d takes it.
     */
    private static CountingVisitor scannedNumberCheck(MethodVisitor m) {
        return new CountingVisitor(m) {
            private boolean scanned;

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                if (scanned && owner.equals("java/lang/Double") && name.equals("isNaN")) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaNumerals", "notANumber", "(D)Z", false);
                    scanned = false;
                    rewrites++;
                    return;
                }
                if (owner.equals(LUA_STRING) && name.equals("scannumber") && descriptor.equals("()D")) {
                    scanned = true;
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, itf);
            }
        };
    }

    private static final List<MethodPatch> PATCHES = List.of(
            // ^ (through MathLib.dpow) and math.pow: C's pow.
            new MethodPatch(JSE_MATH, "dpow_lib", "(DD)D", false, m -> {
                m.visitVarInsn(Opcodes.DLOAD, 1);
                m.visitVarInsn(Opcodes.DLOAD, 3);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "CMath", "pow", "(DD)D", false);
                m.visitInsn(Opcodes.DRETURN);
            }),
            new MethodPatch(JSE_MATH + "$pow", "call", "(DD)D", false, m -> {
                m.visitVarInsn(Opcodes.DLOAD, 1);
                m.visitVarInsn(Opcodes.DLOAD, 3);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "CMath", "pow", "(DD)D", false);
                m.visitInsn(Opcodes.DRETURN);
            }),
            new MethodPatch(LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false, m -> {
                Label asDouble = new Label();
                Label asInteger = new Label();
                m.visitVarInsn(Opcodes.DLOAD, 0);
                m.visitInsn(Opcodes.D2I);
                m.visitVarInsn(Opcodes.ISTORE, 2);
                m.visitVarInsn(Opcodes.DLOAD, 0);
                m.visitVarInsn(Opcodes.ILOAD, 2);
                m.visitInsn(Opcodes.I2D);
                m.visitInsn(Opcodes.DCMPL);
                m.visitJumpInsn(Opcodes.IFNE, asDouble);
                m.visitVarInsn(Opcodes.ILOAD, 2);
                m.visitJumpInsn(Opcodes.IFNE, asInteger);
                m.visitVarInsn(Opcodes.DLOAD, 0);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                m.visitInsn(Opcodes.LCONST_0);
                m.visitInsn(Opcodes.LCMP);
                m.visitJumpInsn(Opcodes.IFLT, asDouble);
                m.visitLabel(asInteger);
                m.visitVarInsn(Opcodes.ILOAD, 2);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_INTEGER, "valueOf", "(I)L" + LUA_INTEGER + ";", false);
                m.visitInsn(Opcodes.ARETURN);
                m.visitLabel(asDouble);
                m.visitTypeInsn(Opcodes.NEW, LUA_DOUBLE);
                m.visitInsn(Opcodes.DUP);
                m.visitVarInsn(Opcodes.DLOAD, 0);
                m.visitMethodInsn(Opcodes.INVOKESPECIAL, LUA_DOUBLE, "<init>", "(D)V", false);
                m.visitInsn(Opcodes.ARETURN);
            }),
            // numberK turned a whole double into an integer constant: now only -0 is such a double, and it stays.
            new MethodPatch("org/luaj/vm2/compiler/FuncState", "numberK", "(" + LUA_VALUE + ")I", false, m -> {
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/compiler/FuncState", "addk", "(" + LUA_VALUE + ")I",
                        false);
                m.visitInsn(Opcodes.IRETURN);
            }),
            new MethodPatch("org/luaj/vm2/LuaString", "scannumber", "()D", false, m -> {
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaNumerals", "scanned", "(Lorg/luaj/vm2/LuaString;)D",
                        false);
                m.visitInsn(Opcodes.DRETURN);
            }),
            // Division as IEEE divides: luaj made n/0 +inf for any n > 0, else -inf, and 0/0 NaN, so NaN/0 was -inf
            // and 1/-0 +inf.
            new MethodPatch(LUA_DOUBLE, "ddiv", "(DD)" + LUA_VALUE, false, m -> {
                m.visitVarInsn(Opcodes.DLOAD, 0);
                m.visitVarInsn(Opcodes.DLOAD, 2);
                m.visitInsn(Opcodes.DDIV);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
                m.visitInsn(Opcodes.ARETURN);
            }),
            new MethodPatch(LUA_DOUBLE, "ddiv_d", "(DD)D", false, m -> {
                m.visitVarInsn(Opcodes.DLOAD, 0);
                m.visitVarInsn(Opcodes.DLOAD, 2);
                m.visitInsn(Opcodes.DDIV);
                m.visitInsn(Opcodes.DRETURN);
            }),
            // lhs + v and lhs * v with two NaNs give the left one, as x86's addsd and mulsd do in Lua 5.1 (the JVM may
            // take either: it orders the operands of a commutative operation as it likes).
            new MethodPatch(LUA_DOUBLE, "add", "(D)" + LUA_VALUE, false, m -> leftNaNFirst(m, Opcodes.DADD)),
            new MethodPatch(LUA_DOUBLE, "mul", "(D)" + LUA_VALUE, false, m -> leftNaNFirst(m, Opcodes.DMUL)),
            // a % b as Lua 5.1 computes it, a - floor(a/b)*b, whatever b is: luaj gave a NaN of its own for b == 0
            // (positive, where the processor's 1 - floor(1/0)*0 is its negative default NaN).
            new MethodPatch(LUA_DOUBLE, "dmod", "(DD)" + LUA_VALUE, false, m -> {
                luaModulo(m);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
                m.visitInsn(Opcodes.ARETURN);
            }),
            new MethodPatch(LUA_DOUBLE, "dmod_d", "(DD)D", false, m -> {
                luaModulo(m);
                m.visitInsn(Opcodes.DRETURN);
            }),
            new MethodPatch(LUA_INTEGER, "neg", "()" + LUA_VALUE, false, m -> {
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LUA_INTEGER, "v", "I");
                m.visitInsn(Opcodes.I2D);
                m.visitInsn(Opcodes.DNEG);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
                m.visitInsn(Opcodes.ARETURN);
            }),
            new MethodPatch(LUA_INTEGER, "mul", "(I)" + LUA_VALUE, false, m -> {
                m.visitVarInsn(Opcodes.ILOAD, 1);
                m.visitInsn(Opcodes.I2D);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LUA_INTEGER, "v", "I");
                m.visitInsn(Opcodes.I2D);
                m.visitInsn(Opcodes.DMUL);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
                m.visitInsn(Opcodes.ARETURN);
            }),
            new MethodPatch("org/luaj/vm2/LuaString", "hashCode", "([BII)I", false, m -> {
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitVarInsn(Opcodes.ILOAD, 1);
                m.visitVarInsn(Opcodes.ILOAD, 2);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaStringHash", "of", "([BII)I", false);
                m.visitInsn(Opcodes.IRETURN);
            }),
            new MethodPatch(LUA_DOUBLE, "tojstring", "()Ljava/lang/String;", false, m -> {
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LUA_DOUBLE, "v", "D");
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaNumberText", "of", "(D)Ljava/lang/String;", false);
                m.visitInsn(Opcodes.ARETURN);
            }),
            new MethodPatch(LEX_STATE, "str2d", "(Ljava/lang/String;L" + LEX_STATE + "$SemInfo;)Z", false, m -> {
                Label valid = new Label();
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaNumerals", "lexed", "(Ljava/lang/String;)" + LUA_VALUE,
                        false);
                m.visitVarInsn(Opcodes.ASTORE, 3);
                m.visitVarInsn(Opcodes.ALOAD, 3);
                m.visitJumpInsn(Opcodes.IFNONNULL, valid);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitLdcInsn("malformed number");
                m.visitIntInsn(Opcodes.SIPUSH, TK_NUMBER);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "lexerror", "(Ljava/lang/String;I)V", false);
                m.visitLabel(valid);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitVarInsn(Opcodes.ALOAD, 3);
                m.visitFieldInsn(Opcodes.PUTFIELD, LEX_STATE + "$SemInfo", "r", LUA_VALUE);
                m.visitInsn(Opcodes.ICONST_1);
                m.visitInsn(Opcodes.IRETURN);
            }),
            // Lua 5.1's chunk(): a statement may be followed by one ';' (there are no empty statements), and return
            // or break ends the block.
            new MethodPatch(LEX_STATE, "statlist", "()V", false, m -> {
                Label next = new Label();
                Label statement = new Label();
                Label end = new Label();
                m.visitLabel(next);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitInsn(Opcodes.ICONST_1);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "block_follow", "(Z)Z", false);
                m.visitJumpInsn(Opcodes.IFNE, end);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE, "t", "L" + LEX_STATE + "$Token;");
                m.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE + "$Token", "token", "I");
                m.visitVarInsn(Opcodes.ISTORE, 1);
                m.visitVarInsn(Opcodes.ILOAD, 1);
                m.visitIntInsn(Opcodes.BIPUSH, ';');
                m.visitJumpInsn(Opcodes.IF_ICMPNE, statement);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitLdcInsn("unexpected symbol");
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "syntaxerror", "(Ljava/lang/String;)V", false);
                m.visitLabel(statement);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "statement", "()V", false);
                m.visitVarInsn(Opcodes.ILOAD, 1);
                m.visitIntInsn(Opcodes.SIPUSH, TK_RETURN);
                m.visitJumpInsn(Opcodes.IF_ICMPEQ, end);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitIntInsn(Opcodes.BIPUSH, ';');
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "testnext", "(I)Z", false);
                m.visitInsn(Opcodes.POP);
                m.visitVarInsn(Opcodes.ILOAD, 1);
                m.visitIntInsn(Opcodes.SIPUSH, TK_BREAK);
                m.visitJumpInsn(Opcodes.IF_ICMPNE, next);
                m.visitLabel(end);
                m.visitInsn(Opcodes.RETURN);
            }),
            // Lua 5.1's exprstat: a call is a statement whatever follows it; anything else starts an assignment, whose
            // own checks say "syntax error" for what cannot be assigned and "'=' expected" when no '=' follows.
            new MethodPatch(LEX_STATE, "exprstat", "()V", false, m -> {
                String assign = LEX_STATE + "$LHS_assign";
                String expression = "L" + LEX_STATE + "$expdesc;";
                Label assignment = new Label();
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE, "fs", "Lorg/luaj/vm2/compiler/FuncState;");
                m.visitVarInsn(Opcodes.ASTORE, 1);
                m.visitTypeInsn(Opcodes.NEW, assign);
                m.visitInsn(Opcodes.DUP);
                m.visitMethodInsn(Opcodes.INVOKESPECIAL, assign, "<init>", "()V", false);
                m.visitVarInsn(Opcodes.ASTORE, 2);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitFieldInsn(Opcodes.GETFIELD, assign, "v", expression);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "suffixedexp", "(" + expression + ")V", false);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitFieldInsn(Opcodes.GETFIELD, assign, "v", expression);
                m.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE + "$expdesc", "k", "I");
                m.visitIntInsn(Opcodes.BIPUSH, VCALL);
                m.visitJumpInsn(Opcodes.IF_ICMPNE, assignment);
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitFieldInsn(Opcodes.GETFIELD, assign, "v", expression);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/compiler/FuncState", "getcodePtr",
                        "(" + expression + ")Lorg/luaj/vm2/compiler/InstructionPtr;", false);
                m.visitInsn(Opcodes.ICONST_1);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, LEX_STATE, "SETARG_C", "(Lorg/luaj/vm2/compiler/InstructionPtr;I)V",
                        false);
                m.visitInsn(Opcodes.RETURN);
                m.visitLabel(assignment);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitInsn(Opcodes.ACONST_NULL);
                m.visitFieldInsn(Opcodes.PUTFIELD, assign, "prev", "L" + assign + ";");
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitInsn(Opcodes.ICONST_1);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "assignment", "(L" + assign + ";I)V", false);
                m.visitInsn(Opcodes.RETURN);
            }),
            // luaL_loadbuffer reads a first line starting with '#' as code (Redis takes "#!" lines off before).
            new MethodPatch(LEX_STATE, "skipShebang", "()V", false, m -> m.visitInsn(Opcodes.RETURN)),
            // Lua 5.1 has no goto: "goto" is a name.
            new MethodPatch(LEX_STATE, "<clinit>", "()V", true, m -> {
                m.visitFieldInsn(Opcodes.GETSTATIC, LEX_STATE, "RESERVED", "Ljava/util/Hashtable;");
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaSyntaxErrors", "withoutGoto",
                        "(Ljava/util/Hashtable;)V", false);
            }),
            new MethodPatch(LEX_STATE, "lexerror", "(Ljava/lang/String;I)V", false, m -> {
                Label noToken = new Label();
                Label raise = new Label();
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE, "source", "Lorg/luaj/vm2/LuaString;");
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/luaj/vm2/LuaString", "tojstring", "()Ljava/lang/String;", false);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/Lua", "chunkid", "(Ljava/lang/String;)Ljava/lang/String;",
                        false);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE, "linenumber", "I");
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitVarInsn(Opcodes.ILOAD, 2);
                m.visitJumpInsn(Opcodes.IFEQ, noToken);
                m.visitVarInsn(Opcodes.ALOAD, 0);
                m.visitVarInsn(Opcodes.ILOAD, 2);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX_STATE, "txtToken", "(I)Ljava/lang/String;", false);
                m.visitJumpInsn(Opcodes.GOTO, raise);
                m.visitLabel(noToken);
                m.visitInsn(Opcodes.ACONST_NULL);
                m.visitLabel(raise);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaSyntaxErrors", "of",
                        "(Ljava/lang/String;ILjava/lang/String;Ljava/lang/String;)Lorg/luaj/vm2/LuaError;", false);
                m.visitInsn(Opcodes.ATHROW);
            }),
            new MethodPatch(LUA_CLOSURE, "processErrorHooks",
                    "(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I)V", true, m -> {
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitVarInsn(Opcodes.ALOAD, 2);
                m.visitVarInsn(Opcodes.ILOAD, 3);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, SCRIPTING + "LuaVariableNames", "named",
                        "(Lorg/luaj/vm2/LuaError;Lorg/luaj/vm2/Prototype;I)Ljava/lang/String;", false);
                m.visitFieldInsn(Opcodes.PUTFIELD, "org/luaj/vm2/LuaError", "traceback", "Ljava/lang/String;");
            }));

    /** Returns valueOf(lhs op v) for the double argument lhs, or valueOf(lhs) when lhs is a NaN. */
    private static void leftNaNFirst(MethodVisitor m, int operation) {
        Label leftNaN = new Label();
        m.visitVarInsn(Opcodes.DLOAD, 1);
        m.visitVarInsn(Opcodes.DLOAD, 1);
        m.visitInsn(Opcodes.DCMPL);
        m.visitJumpInsn(Opcodes.IFNE, leftNaN);
        m.visitVarInsn(Opcodes.DLOAD, 1);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitFieldInsn(Opcodes.GETFIELD, LUA_DOUBLE, "v", "D");
        m.visitInsn(operation);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
        m.visitInsn(Opcodes.ARETURN);
        m.visitLabel(leftNaN);
        m.visitVarInsn(Opcodes.DLOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, LUA_DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
        m.visitInsn(Opcodes.ARETURN);
    }

    /** Pushes a - floor(a/b)*b for the two double arguments a and b. */
    private static void luaModulo(MethodVisitor m) {
        m.visitVarInsn(Opcodes.DLOAD, 0);
        m.visitVarInsn(Opcodes.DLOAD, 0);
        m.visitVarInsn(Opcodes.DLOAD, 2);
        m.visitInsn(Opcodes.DDIV);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "floor", "(D)D", false);
        m.visitVarInsn(Opcodes.DLOAD, 2);
        m.visitInsn(Opcodes.DMUL);
        m.visitInsn(Opcodes.DSUB);
    }

    public static void main(String[] args) throws IOException {
        Set<String> owners = new HashSet<>();
        PATCHES.forEach(p -> owners.add(p.owner()));
        REWRITES.forEach(r -> owners.add(r.owner()));
        for (String owner : owners) {
            Path output = Path.of(args[0]).resolve(owner + ".class");
            Files.createDirectories(output.getParent());
            Files.write(output, patch(owner, luajClass(owner)));
        }
    }

    private static byte[] patch(String owner, byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        Set<MethodPatch> applied = new HashSet<>();
        List<CountingVisitor> rewriters = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                for (MethodRewrite r : REWRITES) {
                    if (r.owner().equals(owner) && r.name().equals(name) && r.descriptor().equals(descriptor)) {
                        CountingVisitor rewriter = r.visitor().apply(method);
                        rewriters.add(rewriter);
                        method = rewriter;
                    }
                }
                for (MethodPatch p : PATCHES) {
                    if (p.owner().equals(owner) && p.name().equals(name) && p.descriptor().equals(descriptor)
                            && p.beforeReturn()) {
                        applied.add(p);
                        return new MethodVisitor(Opcodes.ASM9, method) {
                            @Override
                            public void visitInsn(int opcode) {
                                if (opcode == Opcodes.RETURN) {
                                    p.body().accept(mv);
                                }
                                super.visitInsn(opcode);
                            }
                        };
                    }
                    if (p.owner().equals(owner) && p.name().equals(name) && p.descriptor().equals(descriptor)) {
                        method.visitCode();
                        p.body().accept(method);
                        method.visitMaxs(0, 0);
                        method.visitEnd();
                        applied.add(p);
                        // The original body is not visited, so nothing else is written for this method.
                        return null;
                    }
                }
                return method;
            }
        }, 0);
        for (MethodPatch p : PATCHES) {
            if (p.owner().equals(owner) && !applied.contains(p)) {
                throw new IllegalStateException(owner + " has no " + p.name() + p.descriptor() + ": was luaj upgraded?");
            }
        }
        List<MethodRewrite> expected = REWRITES.stream().filter(r -> r.owner().equals(owner)).toList();
        for (int k = 0; k < expected.size(); k++) {
            if (k >= rewriters.size() || rewriters.get(k).rewrites != expected.get(k).expected()) {
                throw new IllegalStateException(owner + "." + expected.get(k).name()
                        + ": an instruction rewrite did not apply as expected: was luaj upgraded?");
            }
        }
        return writer.toByteArray();
    }

    /** The class as luaj ships it, from the jar rather than from an earlier run's output on the classpath. */
    private static byte[] luajClass(String owner) throws IOException {
        var urls = LuajPatches.class.getClassLoader().getResources(owner + ".class");
        while (urls.hasMoreElements()) {
            var url = urls.nextElement();
            if (url.getProtocol().equals("jar")) {
                try (InputStream in = url.openStream()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IllegalStateException("luaj's " + owner + " is not on the classpath");
    }
}
