package dev.keyslot.datanode.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A function library record of an RDB file or a FUNCTION DUMP payload: written as Redis 7.0 writes it (opcode
 * {@link RdbOpcode#FUNCTION2} and the library's code), read as the code FUNCTION LOAD takes. Redis 7.0 still reads
 * the record of its release candidates (opcode {@link RdbOpcode#FUNCTION}): the library name, the engine, an optional
 * description and the body, which become a body under a "#!engine name=library" line.
 */
public final class FunctionRecord {
    private FunctionRecord() {
    }

    /** Writes one library's record. */
    public static void write(RdbWriter out, byte[] code) {
        out.writeByte(RdbOpcode.FUNCTION2);
        out.writeString(code);
    }

    /** Reads the record that follows {@code opcode}; failures carry Redis's texts. */
    public static byte[] read(int opcode, RdbReader reader) {
        if (opcode == RdbOpcode.FUNCTION2) {
            return string(reader, "Failed loading library payload");
        }
        byte[] name = string(reader, "Failed loading library name");
        byte[] engine = string(reader, "Failed loading engine name");
        long hasDescription;
        try {
            hasDescription = reader.readLength();
        } catch (RdbFormatException e) {
            throw new RdbFormatException("Failed loading library description indicator");
        }
        if (hasDescription != 0) {
            string(reader, "Failed loading library description");
        }
        byte[] body = string(reader, "Failed loading library blob");
        ByteArrayOutputStream code = new ByteArrayOutputStream(body.length + engine.length + name.length + 10);
        code.writeBytes("#!".getBytes(StandardCharsets.US_ASCII));
        code.writeBytes(engine);
        code.writeBytes(" name=".getBytes(StandardCharsets.US_ASCII));
        code.writeBytes(name);
        code.write('\n');
        code.writeBytes(body);
        return code.toByteArray();
    }

    private static byte[] string(RdbReader reader, String failure) {
        try {
            return reader.readString();
        } catch (RdbFormatException e) {
            throw new RdbFormatException(failure);
        }
    }
}
