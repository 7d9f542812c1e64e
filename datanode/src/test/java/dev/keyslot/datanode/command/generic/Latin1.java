package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.testing.RawConnection;

import java.nio.charset.StandardCharsets;

/** Command arguments as Latin-1 bytes, so binary values (DUMP payloads) survive the round trip. */
final class Latin1 {
    private Latin1() {
    }

    /** Sends a command with Latin-1 arguments on one connection and returns the reply bytes. */
    static byte[] call(RawConnection conn, String... args) {
        conn.send(RawConnection.encode(args(args)));
        return conn.readReply();
    }

    static byte[][] args(String... args) {
        byte[][] out = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            out[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }
}
