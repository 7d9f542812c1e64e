import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (process-classes, see datanode/pom.xml): writes into the module's classes a copy of luaj's
 * org.luaj.vm2.LuaDouble whose tojstring() returns dev.keyslot.datanode.scripting.LuaNumberText.of(v), so
 * every implicit number-to-string conversion in scripts prints as C Lua 5.1 does. The copy comes before the
 * luaj jar on the test classpath and replaces its class in the shaded jar and the image. Run with the compile
 * classpath (luaj and asm); the argument is the classes directory. Running it again changes nothing.
 */
public final class LuaDoubleTextPatch {
    private static final String TARGET = "org/luaj/vm2/LuaDouble";
    private static final String FORMATTER = "dev/keyslot/datanode/scripting/LuaNumberText";

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]).resolve(TARGET + ".class");
        byte[] original = luajClass();
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] patched = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("tojstring") || !descriptor.equals("()Ljava/lang/String;")) {
                    return method;
                }
                method.visitCode();
                method.visitVarInsn(Opcodes.ALOAD, 0);
                method.visitFieldInsn(Opcodes.GETFIELD, TARGET, "v", "D");
                method.visitMethodInsn(Opcodes.INVOKESTATIC, FORMATTER, "of", "(D)Ljava/lang/String;", false);
                method.visitInsn(Opcodes.ARETURN);
                method.visitMaxs(0, 0);
                method.visitEnd();
                patched[0] = true;
                // The original body is not visited, so nothing else is written for this method.
                return null;
            }
        }, 0);
        if (!patched[0]) {
            throw new IllegalStateException(TARGET + " has no tojstring(): was luaj upgraded?");
        }
        Files.createDirectories(output.getParent());
        Files.write(output, writer.toByteArray());
    }

    /** The class as luaj ships it, from the jar rather than from an earlier run's output on the classpath. */
    private static byte[] luajClass() throws IOException {
        var urls = LuaDoubleTextPatch.class.getClassLoader().getResources(TARGET + ".class");
        while (urls.hasMoreElements()) {
            var url = urls.nextElement();
            if (url.getProtocol().equals("jar")) {
                try (InputStream in = url.openStream()) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IllegalStateException("luaj's " + TARGET + " is not on the classpath");
    }
}
