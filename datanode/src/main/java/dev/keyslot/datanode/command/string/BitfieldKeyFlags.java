package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.KeySpecFlag;

/**
 * The flags of BITFIELD's key, which depend on its operations: only read when every operation is a GET (or
 * OVERFLOW), else read and updated. Malformed operations count as writes: the command will refuse them.
 */
final class BitfieldKeyFlags {
    private static final int READ = KeySpecFlag.parse("RO access");
    private static final int READ_AND_UPDATE = KeySpecFlag.parse("RW access update");

    private BitfieldKeyFlags() {
    }

    static int of(byte[][] argv) {
        for (int i = 2; i < argv.length; i++) {
            int remaining = argv.length - i - 1;
            if (Args.is(argv[i], "get") && remaining >= 2) {
                i += 2;
            } else if (Args.is(argv[i], "overflow") && remaining >= 1) {
                i += 1;
            } else {
                return READ_AND_UPDATE;
            }
        }
        return READ;
    }
}
