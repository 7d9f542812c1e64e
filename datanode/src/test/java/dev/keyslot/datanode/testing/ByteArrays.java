package dev.keyslot.datanode.testing;

import java.io.ByteArrayOutputStream;

/** Byte array helpers for tests that build raw requests and expected replies. */
public final class ByteArrays {
    private ByteArrays() {
    }

    /** The parts one after another in one array, e.g. several encoded requests sent as one pipeline. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
